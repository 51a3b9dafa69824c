import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallTranscription } from '../../src/calls/transcript/call-transcription.entity.js';
import { UserRole } from '../../src/auth/user-role.js';
import { UsersService } from '../../src/auth/users.service.js';
import { placeSilentCall } from '../support/fixtures.js';
import { send } from '../support/http-client.js';
import { sendTranscription } from '../support/signed-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const canRestart =
  process.env.TEST_DATABASE === 'postgres' &&
  process.getuid?.() === 0 &&
  readdirSync('/etc/postgresql', { withFileTypes: true }).length > 0;
if (!canRestart)
  console.warn(
    'PostgreSQL restart test skipped: it needs the local server and root (pg_ctlcluster).',
  );
const describeRestart = canRestart ? describe : describe.skip;

/** Asynchronously: the service under test runs in this process and must keep serving meanwhile. */
async function restartPostgres(): Promise<void> {
  const version = readdirSync('/etc/postgresql')[0]!;
  await promisify(execFile)(
    'pg_ctlcluster',
    ['--skip-systemctl-redirect', version, 'main', 'restart'],
    { timeout: 60_000 },
  );
}

describeRestart('PostgreSQL restarted while 100 webhooks/s arrive', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('stores every acknowledged webhook once, answers the rest 5xx without hanging, and recovers', async () => {
    const calls = await Promise.all(Array.from({ length: 5 }, () => placeSilentCall(t)));
    const outcomes = new Map<string, number>();
    const failed: Record<string, unknown>[] = [];
    let slowest = 0;
    const sendOne = async (index: number) => {
      const payload = {
        call_sid: calls[index % calls.length]!.call_sid,
        speaker: index % 2 ? 'user' : 'agent',
        message: `restart ${index}`,
        timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, 0, index)).toISOString(),
      };
      try {
        const answer = await sendTranscription(t.url, payload);
        slowest = Math.max(slowest, answer.ms);
        outcomes.set(payload.message, answer.status);
        if (answer.status >= 500) failed.push(payload);
        else expect(answer.status).toBe(200);
      } catch (error) {
        outcomes.set(payload.message, -1);
        failed.push(payload);
        throw error;
      }
    };
    const sending: Promise<void>[] = [];
    const started = performance.now();
    let restartedAt = 0;
    let index = 0;
    let healthyAfter = Infinity;
    const restart = sleep(2000)
      .then(() => restartPostgres())
      .then(async () => {
        restartedAt = performance.now();
        for (let waited = 0; waited < 20_000; waited += 100) {
          if ((await send(`${t.url}/health`)).status === 200) {
            healthyAfter = performance.now() - restartedAt;
            return;
          }
          await sleep(100);
        }
      });
    while (performance.now() - started < 12_000) {
      sending.push(sendOne(index++));
      await sleep(10);
    }
    await restart;
    await Promise.all(sending);
    expect(healthyAfter).toBeLessThan(10_000);
    expect(slowest).toBeLessThan(15_000);
    // The ones that failed succeed when retried.
    for (const payload of failed)
      expect((await sendTranscription(t.url, payload)).status).toBe(200);
    const rows = await t.dataSource
      .getRepository(CallTranscription)
      .find({ select: { messageText: true } });
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.messageText, (counts.get(row.messageText) ?? 0) + 1);
    expect(counts.size).toBe(index);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    console.log(
      `PostgreSQL restart: ${index} webhooks, ${failed.length} answered 5xx and retried, healthy ${Math.round(healthyAfter)} ms after the restart command returned`,
    );
  });

  it('does not sign a user out while the database restarts: 503 or 200, never 401', async () => {
    await t.app
      .get(UsersService)
      .create('night.shift@example.com', 'correct horse battery staple', UserRole.DISPATCHER);
    const login = await send(`${t.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'night.shift@example.com',
        password: 'correct horse battery staple',
      }),
    });
    const headers = {
      authorization: `Bearer ${(JSON.parse(login.body) as { access_token: string }).access_token}`,
    };
    const statuses = new Map<number, number>();
    let restarting = true;
    const restart = restartPostgres().finally(() => (restarting = false));
    while (restarting) {
      const { status } = await send(`${t.url}/calls?limit=1`, { headers });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      await sleep(20);
    }
    await restart;
    for (let waited = 0; waited < 10_000; waited += 100) {
      if ((await send(`${t.url}/calls?limit=1`, { headers })).status === 200) break;
      await sleep(100);
    }
    expect([...statuses.keys()].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect((await send(`${t.url}/calls?limit=1`, { headers })).status).toBe(200);
    console.log(
      `During the restart, a signed-in user's requests: ${JSON.stringify([...statuses])}`,
    );
  });
});
