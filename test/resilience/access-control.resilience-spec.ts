import jwt from 'jsonwebtoken';
import { UserRole } from '../../src/auth/user-role.js';
import { ACCESS_CACHE_MS } from '../../src/auth/user-access-cache.js';
import { UsersService } from '../../src/auth/users.service.js';
import { mapConcurrently, send } from '../support/http-client.js';
import { redisReachable, TEST_REDIS_URL } from '../support/redis.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app.js';
import { connectWs } from '../support/ws-client.js';

const PASSWORD = 'correct horse battery staple';

/**
 * The spec every route is held to. Routes not named here are open to both roles and closed to
 * everyone else, so a new route is checked the day it appears: if it should be public or
 * admin-only and is not (or the other way round), this table and the app disagree.
 */
const PUBLIC = [
  /^GET \/docs/,
  /^GET \/health$/,
  /^GET \/console\/settings$/,
  /^POST \/auth\/login$/,
  /^POST \/webhooks\//,
  // A signed link to a recording: the link is the permission (RecordingLinks).
  /^GET \/recordings\//,
];
const ADMIN_ONLY = new Set([
  'POST /users',
  'GET /users',
  'PATCH /users/:id',
  'POST /users/:id/unlock',
  'GET /audit',
  'POST /agent/sync',
  'DELETE /calls/:identifier/recording',
]);

type Who = 'anonymous' | 'dispatcher' | 'admin' | 'disabled' | 'other service';
const EVERYONE: Who[] = ['anonymous', 'dispatcher', 'admin', 'disabled', 'other service'];

interface Route {
  method: string;
  path: string;
}

/** The app's own route list, from the Express router it serves. */
function routesOf(t: TestApp): Route[] {
  const express = t.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return express.router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((method) => ({
          method: method.toUpperCase(),
          path: layer.route!.path,
        }))
      : [],
  );
}

const nameOf = (route: Route) => `${route.method} ${route.path}`;
const isPublic = (route: Route) => PUBLIC.some((pattern) => pattern.test(nameOf(route)));

/** What `who` must get: 401, 403, or "let through" (anything else below 500). */
function expected(route: Route, who: Who): 401 | 403 | 'through' {
  if (who === 'anonymous' || who === 'disabled') return 401;
  if (who === 'dispatcher' && ADMIN_ONLY.has(nameOf(route))) return 403;
  return 'through';
}

describe('Who may do what, on every route', () => {
  let t: TestApp;
  const tokens = {} as Record<Who, string | undefined>;

  beforeAll(async () => {
    t = await startTestApp({ env: { CALL_RATE_LIMIT_PER_MINUTE: '1000000' } });
    const users = t.app.get(UsersService);
    await users.create('admin@example.com', PASSWORD, UserRole.ADMIN);
    await users.create('dispatcher@example.com', PASSWORD, UserRole.DISPATCHER);
    const { user: leaver } = await users.create('leaver@example.com', PASSWORD, UserRole.ADMIN);
    const login = async (email: string) =>
      (
        JSON.parse(
          (
            await send(`${t.url}/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email, password: PASSWORD }),
            })
          ).body,
        ) as { access_token: string }
      ).access_token;
    tokens.admin = await login('admin@example.com');
    tokens.dispatcher = await login('dispatcher@example.com');
    tokens.disabled = await login('leaver@example.com');
    tokens['other service'] = t.token({ sub: 'billing-service', role: 'admin' });
    const disabled = await send(`${t.url}/users/${leaver.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(disabled.status).toBe(200);
  });
  afterAll(() => t.close());

  it('names only routes the app has', () => {
    const names = new Set(routesOf(t).map(nameOf));
    expect([...ADMIN_ONLY].filter((name) => !names.has(name))).toEqual([]);
    for (const pattern of PUBLIC)
      expect([...names].filter((name) => pattern.test(name)).length).toBeGreaterThan(0);
  });

  it('answers each role on each route as the table says', async () => {
    const routes = routesOf(t);
    expect(routes.length).toBeGreaterThan(30);
    const cases = routes.flatMap((route) => EVERYONE.map((who) => ({ route, who })));
    const answers = await mapConcurrently(cases, 8, async ({ route, who }) => {
      const token = tokens[who];
      const answer = await send(`${t.url}${route.path.replace(/:[a-z_]+/g, 'x1')}`, {
        method: route.method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: route.method === 'GET' ? undefined : '{}',
      });
      return { route, who, status: answer.status, body: answer.body };
    });
    const wrong = answers.filter(({ route, who, status }) => {
      if (status >= 500) return true;
      if (isPublic(route)) return false;
      const want = expected(route, who);
      return want === 'through' ? status === 401 || status === 403 : status !== want;
    });
    expect(
      wrong.map(({ route, who, status, body }) => `${nameOf(route)} as ${who}: ${status} ${body}`),
    ).toEqual([]);
    // Public routes answer everyone alike: a token neither opens nor closes them.
    for (const route of routes.filter(isPublic)) {
      const statuses = new Set(
        answers.filter((answer) => answer.route === route).map((answer) => answer.status),
      );
      expect([nameOf(route), statuses.size]).toEqual([nameOf(route), 1]);
    }
    // Every refusal says why.
    for (const { body } of answers.filter((a) => a.status === 401 || a.status === 403))
      expect(JSON.parse(body)).toEqual({ detail: expect.any(String) });
    console.log(
      `role table: ${routes.length} routes × ${EVERYONE.length} callers = ${answers.length} checks, ${routes.filter(isPublic).length} public, ${ADMIN_ONLY.size} admin-only`,
    );
  });

  it('lets only an admin make an opted-out driver callable again', async () => {
    const put = (who: Who, optedOut: boolean) =>
      send(`${t.url}/drivers/DRV_TABLE/opt-out`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ opted_out: optedOut }),
      });
    expect((await put('dispatcher', true)).status).toBe(200);
    expect((await put('dispatcher', false)).status).toBe(403);
    expect((await put('admin', false)).status).toBe(200);
    expect((await put('other service', false)).status).toBe(200);
  });
});

const sharedDatabase = process.env.TEST_DATABASE === 'postgres';
const reachable = sharedDatabase ? await redisReachable() : false;
const describeCluster = sharedDatabase && reachable ? describe : describe.skip;

describeCluster('Disabled users and login throttling across instances', () => {
  let a: TestApp & { database: NonNullable<Parameters<typeof startTestApp>[0]>['database'] };
  let b: TestApp;
  let degraded: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    const env = { REDIS_URL: TEST_REDIS_URL, LOGIN_FAILURE_WINDOW_SECONDS: '60' };
    a = await startTestApp({ env });
    b = await startTestApp({ env, database: a.database });
    // Redis "down" for this one: it must still close revoked sockets, from the database.
    degraded = await startTestApp({
      env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' },
      database: a.database,
    });
    adminToken = a.token({ sub: 'ops-console', role: 'admin' });
  });
  afterAll(async () => {
    await degraded.close();
    await b.close();
    await a.close();
  });

  const json = (token: string | null, body: unknown) => ({
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });

  it('closes a disabled user’s sockets on every instance and refuses their tokens there', async () => {
    const created = await send(`${a.url}/users`, {
      method: 'POST',
      ...json(adminToken, { email: 'leaving@example.com', password: PASSWORD, role: 'dispatcher' }),
    });
    expect(created.status).toBe(201);
    const { id } = JSON.parse(created.body) as { id: number };
    const token = jwt.sign({ sub: String(id), role: 'dispatcher' }, TEST_JWT_SECRET, {
      algorithm: 'HS256',
      expiresIn: '1h',
    });
    const sockets = await Promise.all([a, b, degraded].map((app) => connectWs(app.wsUrl, token)));
    for (const socket of sockets) {
      socket.send({ subscribe: 'EL_NOBODY_2025-01-01T00:00:00Z' });
      await socket.waitFor((m) => m.type === 'error');
    }
    const started = Date.now();
    const disabled = await send(`${a.url}/users/${id}`, {
      method: 'PATCH',
      ...json(adminToken, { disabled: true }),
    });
    expect(disabled.status).toBe(200);
    const closes = await Promise.all(
      sockets.map((socket) =>
        socket.closed.then((closed) => ({ ...closed, ms: Date.now() - started })),
      ),
    );
    expect(closes.map(({ code }) => code)).toEqual([4401, 4401, 4401]);
    // Through Redis at once; the instance without Redis on its next catch-up poll.
    expect(closes[1]!.ms).toBeLessThan(1000);
    expect(closes[2]!.ms).toBeLessThan(7000);
    // REST within the access cache's lifetime (one process: all three apps' REST guard shares
    // passport's last registered strategy, the degraded one; access-cache.resilience-spec.ts
    // measures each instance's bound with separate processes).
    for (const app of [a, b, degraded]) {
      let refused = await send(`${app.url}/calls`, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
      });
      while (refused.status === 200 && Date.now() - started < ACCESS_CACHE_MS + 1000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        refused = await send(`${app.url}/calls`, {
          method: 'GET',
          headers: { authorization: `Bearer ${token}` },
        });
      }
      expect([refused.status, refused.body]).toEqual([401, '{"detail":"Token has been revoked"}']);
    }
  });

  it('stops a guesser within ten tries, whichever instance each guess lands on', async () => {
    const users = a.app.get(UsersService);
    await users.create('target@example.com', PASSWORD, UserRole.DISPATCHER);
    const guesses = Array.from({ length: 40 }, (_, index) => index);
    const answers = await mapConcurrently(guesses, 10, (index) =>
      send(`${(index % 2 === 0 ? a : b).url}/auth/login`, {
        method: 'POST',
        ...json(null, { email: 'target@example.com', password: `guess ${index}` }),
      }),
    );
    const checked = answers.filter((answer) => answer.status === 401).length;
    expect(checked).toBeLessThanOrEqual(10);
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(answers.filter((answer) => answer.status === 429).length).toBe(40 - checked);
    const right = await send(`${b.url}/auth/login`, {
      method: 'POST',
      ...json(null, { email: 'target@example.com', password: PASSWORD }),
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    const audit = await send(
      `${a.url}/audit?${new URLSearchParams({ actor: 'target@example.com', action: 'login.failed', limit: '200' })}`,
      { method: 'GET', headers: { authorization: `Bearer ${adminToken}` } },
    );
    expect((JSON.parse(audit.body) as { entries: unknown[] }).entries).toHaveLength(checked);
  });
});
