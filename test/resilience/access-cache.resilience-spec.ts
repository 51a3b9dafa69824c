import jwt from 'jsonwebtoken';
import type { ElevenLabsSimulator } from '../../src/elevenlabs/simulator/elevenlabs-simulator.js';
import { ACCESS_CACHE_MS } from '../../src/auth/user-access-cache.js';
// @ts-expect-error plain JavaScript shared with the benchmark
import { startService } from '../../bench/lib/service.mjs';
import { send } from '../support/http-client.js';
import { startPlatform } from '../support/platform.js';
import { redisReachable, TEST_REDIS_URL } from '../support/redis.js';
import {
  describeWithServiceProcesses,
  type ServiceProcess,
  serviceEnv,
} from '../support/service-processes.js';
import { TEST_JWT_SECRET } from '../support/test-app.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-database.js';

const PASSWORD = 'correct horse battery staple';
const reachable = await redisReachable();

/**
 * The bound on a change to a user's access, with the per-instance access cache: where it
 * happened at once, through Redis within a second, and where no event can arrive within the
 * cache's lifetime. Separate processes: in one process every Nest app shares passport's
 * strategy (the last registered), so their caches could not be told apart.
 */
(reachable ? describeWithServiceProcesses : describe.skip)(
  'A change to a user’s access, on every instance',
  () => {
    let platform: ElevenLabsSimulator;
    let database: string;
    let a: ServiceProcess;
    let b: ServiceProcess;
    let degraded: ServiceProcess;
    const admin = jwt.sign({ sub: 'ops-console', role: 'admin' }, TEST_JWT_SECRET, {
      expiresIn: '1h',
    });

    beforeAll(async () => {
      platform = await startPlatform({ turnDelayMs: 50, webhookBaseUrl: () => undefined });
      database = await createTestDatabase();
      const env = serviceEnv(platform.url!, database, { REDIS_URL: TEST_REDIS_URL });
      a = (await startService(env, { label: 'A' })) as ServiceProcess;
      b = (await startService(env, { label: 'B' })) as ServiceProcess;
      // Redis "down" for this one: no event reaches it.
      degraded = (await startService(
        { ...env, REDIS_URL: 'redis://127.0.0.1:1' },
        { label: 'degraded' },
      )) as ServiceProcess;
    });
    afterAll(async () => {
      for (const service of [a, b, degraded]) await service?.stop();
      await platform?.close();
      if (database) await dropTestDatabase(database);
    });

    const as = (token: string, body?: unknown) => ({
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

    /** A user and a token of theirs that every instance has admitted (and cached). */
    async function knownEverywhere(email: string, role: 'admin' | 'dispatcher', path: string) {
      const created = await send(`${a.url}/users`, {
        method: 'POST',
        ...as(admin, { email, password: PASSWORD, role }),
      });
      expect(created.status).toBe(201);
      const { id } = JSON.parse(created.body) as { id: number };
      const token = jwt.sign({ sub: String(id), role }, TEST_JWT_SECRET, { expiresIn: '1h' });
      for (const service of [a, b, degraded])
        expect((await send(`${service.url}${path}`, as(token))).status).toBe(200);
      return { id, token };
    }

    /** Milliseconds from `started` until each instance answers `path` with `status`. */
    const msUntil = (path: string, token: string, status: number, started: number) =>
      Promise.all(
        [a, b, degraded].map(async (service) => {
          while ((await send(`${service.url}${path}`, as(token))).status !== status) {
            if (Date.now() - started > 15_000) return Infinity;
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
          return Date.now() - started;
        }),
      );

    it('refuses a disabled user at once, within a second through Redis, and within the cache lifetime without it', async () => {
      const { id, token } = await knownEverywhere('leaving@example.com', 'dispatcher', '/calls');
      const started = Date.now();
      const disabled = await send(`${a.url}/users/${id}`, {
        method: 'PATCH',
        ...as(admin, { disabled: true }),
      });
      expect(disabled.status).toBe(200);
      const [onA, onB, onDegraded] = await msUntil('/calls', token, 401, started);
      expect(onA).toBeLessThan(1000);
      expect(onB).toBeLessThan(1000);
      expect(onDegraded).toBeLessThan(ACCESS_CACHE_MS + 1000);
      const refused = await send(`${b.url}/calls`, as(token));
      expect(refused.body).toBe('{"detail":"Token has been revoked"}');
    });

    it('applies a demotion the same way', async () => {
      // Another admin stays: the last one may not be demoted.
      await knownEverywhere('keeper@example.com', 'admin', '/users');
      const { id, token } = await knownEverywhere('demoted@example.com', 'admin', '/users');
      const started = Date.now();
      const demoted = await send(`${a.url}/users/${id}`, {
        method: 'PATCH',
        ...as(admin, { role: 'dispatcher' }),
      });
      expect(demoted.status).toBe(200);
      const [onA, onB, onDegraded] = await msUntil('/users', token, 403, started);
      expect(onA).toBeLessThan(1000);
      expect(onB).toBeLessThan(1000);
      expect(onDegraded).toBeLessThan(ACCESS_CACHE_MS + 1000);
    });
  },
);
