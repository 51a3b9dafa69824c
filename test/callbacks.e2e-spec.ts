import request from 'supertest';
import { SIMULATOR_AGENT_ID } from '../src/config/app-config.js';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { callRequest } from './support/call-requests.js';
import { campaignDriver, campaignRequest } from './support/campaign-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { connectWs } from './support/ws-client.js';
import { until } from './support/until.js';

const VOICEMAIL_THEN_CALLBACK = '+15005550013';
const UNKNOWN = '+12195550199';

interface CallDetail {
  call_sid: string;
  direction: string;
  driver_id: string | null;
  status: string;
  first_message: string | null;
  items: { item: number; outcome: string | null; source: string | null }[];
  transcript: { speaker_type: string; message_text: string }[];
}

describe('Callbacks: a driver who phones back reaches an agent that knows them', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let toolSecret: string;
  const api = () => request(t.url);
  const initiation = () => api().post('/webhooks/elevenlabs/conversation-initiation');

  beforeAll(async () => {
    t = await startTestApp({
      env: { SIMULATOR_TURN_DELAY_MS: '20', COMPANY_NAME: 'Acme Freight' },
    });
    auth = { authorization: `Bearer ${t.token()}` };
    await t.app.get(ElevenLabsEndpoint).ready;
    // What the platform sends: the header's workspace secret, resolved.
    toolSecret =
      t.simulator.agents.initiationWebhook(SIMULATOR_AGENT_ID)!.headers['x-tool-secret']!;
  });
  afterAll(() => t.close());

  const call = async (sid: string) =>
    (
      await api()
        .get(`/calls/${encodeURIComponent(sid)}`)
        .set(auth)
        .expect(200)
    ).body as CallDetail;

  it('closes the loop: voicemail, the driver calls back, is greeted by name, settles the items', async () => {
    const driverId = `CB_DRV_${process.pid}`;
    const placed = await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ driverId, phoneNumber: VOICEMAIL_THEN_CALLBACK }))
      .expect(200);
    const voicemail = await until(
      () => call(placed.body.call_sid),
      (c) => c.status === 'FAILED',
    );
    // Nothing was settled on a voicemail.
    expect(voicemail.items.map((item) => item.source === 'live')).toEqual([false, false]);

    const inbound = await until(
      async () =>
        (await api().get(`/calls?direction=inbound&driverId=${driverId}`).set(auth).expect(200))
          .body.calls as { call_sid: string }[],
      (calls) => calls.length === 1,
    );
    const callback = await until(
      () => call(inbound[0]!.call_sid),
      (c) => c.status !== 'IN_PROGRESS' && c.items.every((item) => item.outcome !== null),
    );
    expect(callback).toMatchObject({
      direction: 'inbound',
      driver_id: driverId,
      status: 'COMPLETED',
      first_message:
        'Hi, this is the automated dispatch assistant for Acme Freight. This call is recorded. Thanks for calling back. Am I speaking with John?',
    });
    // The open items were discussed and settled on the callback, live by the agent's tool.
    expect(callback.items.map((item) => [item.item, item.source])).toEqual([
      [1, 'live'],
      [2, 'live'],
    ]);
    const driver = await api().get(`/drivers/${driverId}`).set(auth).expect(200);
    expect(driver.body.open_items).toEqual(
      callback.items
        .filter((item) => item.outcome === 'will_fix')
        .map((item) => expect.objectContaining({ call_sid: callback.call_sid, item: item.item })),
    );
    const queue = await api().get(`/follow-ups?driverId=${driverId}`).set(auth).expect(200);
    expect(
      queue.body.follow_ups.filter(
        (entry: { call_sid: string }) => entry.call_sid === placed.body.call_sid,
      ),
    ).toEqual([]);
  });

  it('completes a campaign driver who calls back while a retry waits, and dials them no more', async () => {
    const driver = campaignDriver(VOICEMAIL_THEN_CALLBACK, { driverId: `CB_CMP_${process.pid}` });
    const created = await api()
      .post('/campaigns')
      .set(auth)
      .send(campaignRequest([driver], { retry: { max_attempts: 3, delay_seconds: 3600 } }))
      .expect(201);
    const id = created.body.campaign_id as string;
    const reached = await until(
      async () => (await api().get(`/campaigns/${id}`).set(auth).expect(200)).body,
      (campaign) => campaign.status === 'completed',
    );
    const row = reached.drivers[0];
    expect(row).toMatchObject({
      state: 'completed',
      attempts: 1,
      next_attempt_at: null,
      completion_note: `The driver called back (${row.call_sids[1]})`,
    });
    expect(row.call_sids[1]).toMatch(/^CB_CA/);
    const called = await api().get(`/calls?driverId=${driver.driverId}`).set(auth).expect(200);
    expect(called.body.calls).toHaveLength(2); // the voicemail and the callback, nothing more
  });

  it('shows the team every call as it starts, in both directions, and when it ends', async () => {
    const board = await connectWs(t.wsUrl, t.token());
    board.send({ subscribe: 'calls' });
    const confirmed = await board.waitFor((m) => m.type === 'subscription_confirmed');
    expect(confirmed).toEqual({
      type: 'subscription_confirmed',
      identifier: 'calls',
      live_calls: expect.any(Array),
      open_alerts: [],
    });
    const placed = await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ driverId: `BOARD_${process.pid}` }))
      .expect(200);
    const started = await board.waitFor(
      (m) => m.type === 'call_started' && m.call_sid === placed.body.call_sid,
    );
    expect(started).toEqual({
      type: 'call_started',
      call_sid: placed.body.call_sid,
      conversation_id: placed.body.conversation_id,
      direction: 'outbound',
      driver_id: `BOARD_${process.pid}`,
      driver_name: 'John Smith',
      started_at: expect.stringMatching(/Z$/),
    });
    await board.waitFor(
      (m) =>
        m.type === 'call_status' &&
        m.call_sid === placed.body.call_sid &&
        m.status !== 'in_progress',
    );
    await t.simulator.inbound.call(SIMULATOR_AGENT_ID, '+12195550177');
    await board.waitFor(
      (m) => m.type === 'call_started' && m.direction === 'inbound' && m.driver_id === null,
    );
    board.send({ unsubscribe: 'calls' });
    await board.waitFor((m) => m.type === 'unsubscribe_confirmed' && m.identifier === 'calls');
    board.close();
  });

  it('takes a message from a number it does not know, naming nobody', async () => {
    const started = await t.simulator.inbound.call(SIMULATOR_AGENT_ID, UNKNOWN);
    expect(started.initiation).toEqual({ status: 200 });
    await t.simulator.finished(started.conversation_id!);
    const calls = await until(
      async () =>
        (await api().get('/calls?direction=inbound').set(auth).expect(200)).body.calls as {
          call_sid: string;
          driver_id: string | null;
          status: string;
        }[],
      (list) => list.some((c) => c.driver_id === null && c.status !== 'IN_PROGRESS'),
    );
    const unknown = await call(calls.find((c) => c.driver_id === null)!.call_sid);
    expect(unknown.first_message).toBe(
      'Hello, this is the automated dispatch assistant for Acme Freight. This call is recorded. How can I help you?',
    );
    expect(unknown.items).toEqual([]);
  });

  it('answers the platform fast and only with the secret; junk is a 4xx, never a 5xx', async () => {
    const body = { caller_id: UNKNOWN, agent_id: SIMULATOR_AGENT_ID, call_sid: 'CAjunk0001' };
    await initiation().send(body).expect(401);
    await initiation().set('x-tool-secret', 'wrong').send(body).expect(401);
    for (const junk of [
      {},
      { caller_id: 5, call_sid: 'CA1' },
      { caller_id: 'x', call_sid: '../' },
    ]) {
      const refused = await initiation().set('x-tool-secret', toolSecret).send(junk).expect(400);
      expect(refused.body.detail).toEqual(expect.any(String));
    }
    const answered = await initiation().set('x-tool-secret', toolSecret).send(body).expect(200);
    expect(answered.body).toMatchObject({
      type: 'conversation_initiation_client_data',
      dynamic_variables: {
        call_sid: 'CB_CAjunk0001',
        driver_id: '',
        driver_name: '',
        trip_id: '',
        company_name: 'Acme Freight',
      },
    });
    // A retried initiation names the same call, recorded once.
    await initiation().set('x-tool-secret', toolSecret).send(body).expect(200);
    const recorded = await call('CB_CAjunk0001');
    expect(recorded).toMatchObject({ direction: 'inbound', status: 'IN_PROGRESS' });
  });

  it('simulates a callback from the console only with a valid number and a signed-in user', async () => {
    const simulate = () => api().post('/console/simulated-callbacks');
    await simulate().send({ from: UNKNOWN }).expect(401);
    const refused = await simulate().set(auth).send({ from: '555' }).expect(400);
    expect(refused.body).toEqual({ detail: 'from must be a valid phone number' });
    await simulate().set(auth).send({}).expect(400);
    const answered = await simulate().set(auth).send({ from: UNKNOWN }).expect(200);
    expect(answered.body).toEqual({
      conversation_id: expect.stringMatching(/^conv_/),
      initiation: { status: 200 },
    });
  });
});
