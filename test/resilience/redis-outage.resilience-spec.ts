import { redisReachable, TEST_REDIS_URL } from '../support/redis.js';
import { execSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { placeSilentCall } from '../support/fixtures.js';
import { sendTranscription } from '../support/signed-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { connectWs } from '../support/ws-client.js';

const OUTAGE_MS = Number(process.env.REDIS_OUTAGE_MS ?? 30_000);

const possible =
  process.env.TEST_DATABASE === 'postgres' && (await redisReachable()) && process.getuid?.() === 0;
if (!possible)
  console.warn(
    'Redis outage test skipped: it needs PostgreSQL, a local Redis and root to stop and start it.',
  );
const describeOutage = possible ? describe : describe.skip;

describeOutage(`Redis stopped for ${OUTAGE_MS / 1000} s during a two-instance live call`, () => {
  let a: Awaited<ReturnType<typeof startTestApp>>;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ env: { REDIS_URL: TEST_REDIS_URL } });
    b = await startTestApp({ env: { REDIS_URL: TEST_REDIS_URL }, database: a.database });
    await sleep(300);
  });
  afterAll(async () => {
    if (!(await redisReachable())) startRedis();
    await b.close();
    await a.close();
  });

  function startRedis(): void {
    execSync(
      'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
      { stdio: 'ignore' },
    );
  }

  it('keeps every turn flowing to the other instance, in order and once, and fans out again after', async () => {
    const { call_sid } = await placeSilentCall(a);
    const watcher = await connectWs(b.wsUrl, b.token());
    watcher.send({ subscribe: call_sid });
    await watcher.waitFor((m) => m.type === 'subscription_confirmed');
    const sentAt = new Map<number, number>();
    const receivedAt = new Map<number, number>();
    watcher.ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; sequence_number: number };
      if (message.type === 'transcription')
        receivedAt.set(message.sequence_number, performance.now());
    });
    let turn = 0;
    const speak = async (count: number, gapMs: number) => {
      for (let i = 0; i < count; i++) {
        turn++;
        const answer = await sendTranscription(a.url, {
          call_sid,
          speaker: turn % 2 ? 'agent' : 'user',
          message: `turn ${turn}`,
          timestamp: new Date().toISOString(),
        });
        expect(answer.status).toBe(200);
        sentAt.set(JSON.parse(answer.body).sequence_number as number, performance.now());
        await sleep(gapMs);
      }
    };
    await speak(10, 50);
    execSync('redis-cli -h 127.0.0.1 -p 6379 shutdown nosave', { stdio: 'ignore' });
    await speak(Math.floor(OUTAGE_MS / 200), 200);
    startRedis();
    for (let waited = 0; !(await redisReachable()) && waited < 10_000; waited += 100)
      await sleep(100);
    await sleep(2500); // reconnect backoff of both instances
    const firstAfter = turn + 1;
    await speak(20, 50);
    await watcher.waitFor((m) => m.type === 'transcription' && m.sequence_number === turn, 10_000);
    await sleep(300);
    const sequence = watcher.messages
      .filter((m) => m.type === 'transcription')
      .map((m) => m.sequence_number);
    expect(sequence).toEqual(Array.from({ length: turn }, (_, i) => i + 1));
    const afterLatencies = Array.from(
      { length: turn - firstAfter + 1 },
      (_, i) => receivedAt.get(firstAfter + i)! - sentAt.get(firstAfter + i)!,
    );
    // Through Redis again: well under the one-second database catch-up of the outage.
    expect(Math.max(...afterLatencies)).toBeLessThan(500);
    watcher.close();
  });
});
