import request from 'supertest';
import { Call } from '../src/calls/record/call.entity.js';
import type { ElevenLabsSimulator } from '../src/elevenlabs/simulator/elevenlabs-simulator.js';
import { AgentSyncService } from '../src/elevenlabs/agent/agent-sync.service.js';
import { callRequest } from './support/call-requests.js';
import { campaignDriver, campaignRequest } from './support/campaign-requests.js';
import { startPlatform } from './support/platform.js';
import { redisReachable, TEST_REDIS_URL } from './support/redis.js';
import { turnsOf } from './support/stored-turns.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { connectWs } from './support/ws-client.js';

const sharedDatabase = process.env.TEST_DATABASE === 'postgres';
const reachable = sharedDatabase ? await redisReachable() : false;
if (!sharedDatabase || !reachable)
  console.warn('Two-instance live-source tests skipped: they need PostgreSQL and Redis.');
const describeCluster = sharedDatabase && reachable ? describe : describe.skip;

const DETAILS = [
  { type: 'violation', description: 'Your reefer is at 45 degrees but must be 38 degrees' },
  { type: 'violation', description: 'Your hours of service log is missing a signature' },
  { type: 'reminder', description: 'Send the loaded trailer pictures' },
];

describeCluster('The monitoring socket followed by exactly one of two instances', () => {
  let platform: ElevenLabsSimulator;
  let webhookTarget: string | undefined;
  let a: TestApp & { database: NonNullable<Parameters<typeof startTestApp>[0]>['database'] };
  let b: TestApp;

  beforeAll(async () => {
    platform = await startPlatform({
      turnDelayMs: 250,
      webhookBaseUrl: () => webhookTarget,
      syncedFor: 'monitor',
    });
    const env = { REDIS_URL: TEST_REDIS_URL, LIVE_LEASE_SECONDS: '2' };
    a = await startTestApp({ env, platform });
    b = await startTestApp({ env, platform, database: a.database });
    webhookTarget = a.url;
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await platform.close();
  });

  const storedTurns = (callSid: string) => turnsOf(a, callSid);

  it('one connection per call although both instances scan for calls to follow', async () => {
    const placed = await request(a.url)
      .post('/driver_data/call-elevenlabs')
      .set('authorization', `Bearer ${a.token()}`)
      .send(callRequest({ details: DETAILS }))
      .expect(200);
    const { call_sid, conversation_id } = placed.body as Record<string, string>;
    const watcher = await connectWs(b.wsUrl, b.token());
    watcher.send({ subscribe: call_sid });
    await watcher.waitFor((m) => m.type === 'call_completed', 30000);
    const accepted = platform.monitors.attempts.get(conversation_id)!.filter((x) => x === 101);
    expect(accepted).toEqual([101]);
    const said = platform.conversation(conversation_id)!.turns.map((turn) => turn.message);
    expect((await storedTurns(call_sid)).map((turn) => turn.messageText)).toEqual(said);
    watcher.close();
  });

  it('when the following instance stops mid-call, the other takes over and nothing is lost or doubled', async () => {
    // B dials, so B follows; A (which owns the test database) watches and takes over.
    const placed = await request(b.url)
      .post('/driver_data/call-elevenlabs')
      .set('authorization', `Bearer ${b.token()}`)
      .send(callRequest({ details: DETAILS }))
      .expect(200);
    const { call_sid, conversation_id } = placed.body as Record<string, string>;
    const watcher = await connectWs(a.wsUrl, a.token());
    watcher.send({ subscribe: call_sid });
    await watcher.waitFor((m) => m.type === 'transcription' && m.sequence_number === 2, 15000);
    const followedBy = await a.dataSource
      .getRepository(Call)
      .findOneByOrFail({ callSid: call_sid });
    expect(followedBy.liveFollower).toMatch(/^instance-/);
    await b.close();
    await watcher.waitFor((m) => m.type === 'call_completed', 30000);
    const said = platform.conversation(conversation_id)!.turns.map((turn) => turn.message);
    const stored = await storedTurns(call_sid);
    expect(stored.map((turn) => turn.messageText)).toEqual(said);
    expect(stored.every((turn) => turn.source === 'monitor')).toBe(true);
    const live = watcher.messages.filter((m) => m.type === 'transcription');
    expect(live.map((m) => m.sequence_number)).toEqual(said.map((_, i) => i + 1));
    const accepted = platform.monitors.attempts.get(conversation_id)!.filter((x) => x === 101);
    expect(accepted.length).toBe(2);
    watcher.close();
  });
});

describeCluster('A driver’s callback through two instances', () => {
  const VOICEMAIL_THEN_CALLBACK = '+15005550013';
  let platform: ElevenLabsSimulator;
  let webhookTarget: string | undefined;
  let a: TestApp & { database: NonNullable<Parameters<typeof startTestApp>[0]>['database'] };
  let b: TestApp;

  beforeAll(async () => {
    platform = await startPlatform({ turnDelayMs: 300, webhookBaseUrl: () => webhookTarget });
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      LIVE_LEASE_SECONDS: '2',
      ELEVENLABS_TOOL_SECRET: 'cluster-test-only-tool-secret-0123456789',
    };
    a = await startTestApp({ env, platform });
    b = await startTestApp({ env, platform, database: a.database });
    // The post-call webhooks reach A; agent:sync, run from B, points the tool and the
    // conversation-initiation webhook at B.
    webhookTarget = a.url;
    await b.app.get(AgentSyncService).sync();
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await platform.close();
  });

  it('voicemail, callback answered by B, items settled, campaign reached, all seen live on A', async () => {
    const auth = { authorization: `Bearer ${a.token()}` };
    const board = await connectWs(a.wsUrl, a.token());
    board.send({ subscribe: 'calls' });
    await board.waitFor((m) => m.type === 'subscription_confirmed' && m.identifier === 'calls');
    const driver = campaignDriver(VOICEMAIL_THEN_CALLBACK, {
      driverId: `CLUSTER_CB_${process.pid}`,
    });
    const created = await request(a.url)
      .post('/campaigns')
      .set(auth)
      .send(campaignRequest([driver], { retry: { max_attempts: 3, delay_seconds: 3600 } }))
      .expect(201);

    const started = await board.waitFor(
      (m) => m.type === 'call_started' && m.direction === 'inbound',
      30000,
    );
    expect(started).toMatchObject({ driver_id: driver.driverId, driver_name: driver.driverName });
    const callSid = started.call_sid as string;
    const watcher = await connectWs(a.wsUrl, a.token());
    watcher.send({ subscribe: callSid });
    await watcher.waitFor((m) => m.type === 'call_completed', 30000);
    await board.waitFor((m) => m.type === 'call_status' && m.call_sid === callSid);

    const callback = (await request(a.url).get(`/calls/${callSid}`).set(auth).expect(200)).body;
    expect(callback).toMatchObject({ direction: 'inbound', status: 'COMPLETED' });
    // Greeted by name (campaign drivers here are "Driver <n>").
    expect(callback.first_message).toMatch(
      /Thanks for calling back\. Am I speaking with Driver\?$/,
    );
    // Settled live, by the agent's tool (which B serves), item by item.
    expect(callback.items.map((item: { source: string }) => item.source)).toEqual(['live']);
    // Followed on the monitoring socket once B found the conversation: once, not by both.
    const accepted = platform.monitors.attempts
      .get(callback.conversation_id)!
      .filter((x) => x === 101);
    expect(accepted).toEqual([101]);
    const said = platform.conversation(callback.conversation_id)!.turns.map((t) => t.message);
    const stored = await turnsOf(a, callSid);
    expect(stored.map((turn) => turn.messageText)).toEqual(said);
    expect(stored.every((turn) => turn.source === 'monitor')).toBe(true);

    const campaign = (
      await request(a.url).get(`/campaigns/${created.body.campaign_id}`).set(auth).expect(200)
    ).body;
    expect(campaign.drivers[0]).toMatchObject({
      state: 'completed',
      attempts: 1,
      next_attempt_at: null,
      completion_note: `The driver called back (${callSid})`,
    });
    board.close();
    watcher.close();
  });
});
