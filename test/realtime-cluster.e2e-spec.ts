import { redisReachable, TEST_REDIS_URL } from './support/redis.js';
import { placeSilentCall } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { postTranscription } from './support/webhooks.js';
import { connectWs, type WsClient } from './support/ws-client.js';

const sharedDatabase = process.env.TEST_DATABASE === 'postgres';
const reachable = sharedDatabase ? await redisReachable() : false;
if (!sharedDatabase)
  console.warn(
    'Two-instance tests skipped: they need the PostgreSQL server (PGlite is one process).',
  );
else if (!reachable) console.warn(`Two-instance tests skipped: no Redis at ${TEST_REDIS_URL}.`);
const describeCluster = sharedDatabase && reachable ? describe : describe.skip;

const sequenceOf = (client: WsClient, callSid: string) =>
  client.messages
    .filter((m) => m.type === 'transcription' && m.call_sid === callSid)
    .map((m) => m.sequence_number as number);

async function subscribe(t: TestApp, callSid: string): Promise<WsClient> {
  const client = await connectWs(t.wsUrl, t.token());
  client.send({ subscribe: callSid });
  await client.waitFor((m) => m.type === 'subscription_confirmed');
  return client;
}

describeCluster('Part 5 across instances (two apps, one database)', () => {
  let a: TestApp & { database: NonNullable<Parameters<typeof startTestApp>[0]>['database'] };
  let b: TestApp;
  let degraded: TestApp;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    a = await startTestApp({ env: { REDIS_URL: TEST_REDIS_URL } });
    b = await startTestApp({ env: { REDIS_URL: TEST_REDIS_URL }, database: a.database });
    // Redis "down" for this one: nothing listens on that port.
    degraded = await startTestApp({
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
      database: a.database,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await degraded.close();
    await b.close();
    await a.close();
  });

  it('delivers a webhook received by instance A to a subscriber on instance B, in order, through Redis', async () => {
    const { call_sid } = await placeSilentCall(a);
    const onB = await subscribe(b, call_sid);
    clients.push(onB);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        postTranscription(a.url, {
          call_sid,
          speaker: i % 2 ? 'user' : 'agent',
          message: `turn ${i}`,
          timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
        }).expect(200),
      ),
    );
    // Well inside the 5 s database safety-net poll, so these came through Redis.
    await onB.waitFor((m) => m.type === 'transcription' && m.sequence_number === 40, 2000);
    expect(sequenceOf(onB, call_sid)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('still delivers every turn, in order and once, to an instance whose Redis is down', async () => {
    const { call_sid } = await placeSilentCall(a);
    const onDegraded = await subscribe(degraded, call_sid);
    clients.push(onDegraded);
    for (let i = 0; i < 10; i++) {
      await postTranscription(a.url, {
        call_sid,
        speaker: 'agent',
        message: `turn ${i}`,
        timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
      }).expect(200);
    }
    await onDegraded.waitFor((m) => m.type === 'transcription' && m.sequence_number === 10, 5000);
    expect(sequenceOf(onDegraded, call_sid)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });
});
