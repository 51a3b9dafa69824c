import request from 'supertest';
import { SIMULATOR_AGENT_ID } from '../src/config/app-config.js';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { AppConfig } from '../src/config/app-config.js';
import { callRequest } from './support/call-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { connectWs, type WsClient } from './support/ws-client.js';

const ITEMS = [
  { type: 'reminder', description: 'Send the loaded trailer pictures' },
  { type: 'violation', description: 'Your reefer is at 45 degrees but must be 38' },
  { type: 'violation', description: 'Your log is missing a signature' },
];

describe('Outcomes: what the driver committed to, per item', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const toolPath = '/webhooks/elevenlabs/tools/item-outcome';

  beforeAll(async () => {
    t = await startTestApp({ env: { SIMULATOR_TURN_DELAY_MS: '40' } });
    auth = { authorization: `Bearer ${t.token()}` };
    await t.app.get(ElevenLabsEndpoint).ready;
  });
  afterAll(() => t.close());

  async function placeAndWatch(phoneNumber = '+12192002824') {
    const placed = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ phoneNumber, details: ITEMS }))
      .expect(200);
    const { call_sid, conversation_id } = placed.body as Record<string, string>;
    const client = await connectWs(t.wsUrl, t.token());
    client.send({ subscribe: call_sid });
    await client.waitFor((m) => m.type === 'subscription_confirmed');
    return { call_sid, conversation_id, client };
  }

  async function withoutAgentTools<T>(work: () => Promise<T>): Promise<T> {
    const agent = t.simulator.agents.get(SIMULATOR_AGENT_ID).conversation_config!.agent as {
      prompt: { tool_ids: string[] };
    };
    const toolIds = agent.prompt.tool_ids;
    t.simulator.agents.patch(SIMULATOR_AGENT_ID, {
      conversation_config: { agent: { prompt: { tool_ids: [] } } },
    });
    try {
      return await work();
    } finally {
      t.simulator.agents.patch(SIMULATOR_AGENT_ID, {
        conversation_config: { agent: { prompt: { tool_ids: toolIds } } },
      });
    }
  }

  const outcomesOf = (client: WsClient) => client.messages.filter((m) => m.type === 'item_outcome');

  it('numbers the items as the prompt does (violations first) and refuses more than 10 without dialling', async () => {
    // Without the agent's tool nothing settles an item while the test looks at them.
    const call = await withoutAgentTools(async () => {
      const { call_sid, client } = await placeAndWatch('+15005550008');
      client.close();
      return request(t.url).get(`/calls/${call_sid}`).set(auth).expect(200);
    });
    expect(
      call.body.items.map((item: { item: number; type: string }) => [item.item, item.type]),
    ).toEqual([
      [1, 'violation'],
      [2, 'violation'],
      [3, 'reminder'],
    ]);
    expect(call.body.items[0]).toEqual({
      item: 1,
      type: 'violation',
      description: ITEMS[1]!.description,
      outcome: null,
      eta_minutes: null,
      driver_note: null,
      source: null,
      updated_at: null,
      updated_by: null,
    });
    const dialsBefore = t.simulator.conversationCount;
    const tooMany = callRequest({
      details: Array.from({ length: 11 }, (_, i) => ({ type: 'reminder', description: `r${i}` })),
    });
    const refused = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(tooMany)
      .expect(400);
    expect(refused.body.detail).toMatch(/at most 10 violations and reminders per call/);
    expect(t.simulator.conversationCount).toBe(dialsBefore);
  });

  it('records each item live as the agent settles it (its tool), and keeps them on the call', async () => {
    const { call_sid, conversation_id, client } = await placeAndWatch();
    const completed = await client.waitFor((m) => m.type === 'call_completed', 20000);
    const live = outcomesOf(client);
    expect(live.map((m) => [m.item, m.outcome, m.source])).toEqual([
      [1, 'will_fix', 'live'],
      [2, 'will_fix', 'live'],
      [3, 'acknowledged', 'live'],
    ]);
    expect(live[0]).toMatchObject({
      call_sid,
      conversation_id,
      item_type: 'violation',
      description: ITEMS[1]!.description,
      eta_minutes: 5,
      driver_note: expect.stringContaining('right now'),
    });
    const items = (completed.call_data as { items: Record<string, unknown>[] }).items;
    expect(items.map((item) => [item.outcome, item.source, item.updated_by])).toEqual([
      ['will_fix', 'live', 'agent'],
      ['will_fix', 'live', 'agent'],
      ['acknowledged', 'live', 'agent'],
    ]);
    // As on the platform, the tool calls are in the transcript.
    const fetched = await request(t.url)
      .post(`/conversations/${conversation_id}/fetch`)
      .set(auth)
      .expect(200);
    const calls = (
      fetched.body.conversation_data.transcript as { tool_calls: { tool_name: string }[] }[]
    ).flatMap((turn) => turn.tool_calls);
    expect(calls.map((call) => call.tool_name)).toEqual([
      'record_item_outcome',
      'record_item_outcome',
      'record_item_outcome',
    ]);
    client.close();
    // A subscriber who comes later is told the outcomes known so far.
    const late = await connectWs(t.wsUrl, t.token());
    late.send({ subscribe: call_sid });
    await late.waitFor((m) => m.type === 'call_completed');
    expect(outcomesOf(late).map((m) => [m.item, m.outcome])).toEqual([
      [1, 'will_fix'],
      [2, 'will_fix'],
      [3, 'acknowledged'],
    ]);
    late.close();
  });

  it('fills from the post-call data collection what nobody settled live, and never overwrites a dispatcher', async () => {
    await withoutAgentTools(async () => {
      const { call_sid, client } = await placeAndWatch('+15005550006');
      await client.waitFor((m) => m.type === 'transcription');
      const overridden = await request(t.url)
        .patch(`/calls/${call_sid}/items/2`)
        .set(auth)
        .send({ outcome: 'resolved', note: 'Photo shows 38F' })
        .expect(200);
      expect(overridden.body).toMatchObject({
        item: 2,
        outcome: 'resolved',
        driver_note: 'Photo shows 38F',
        source: 'dispatcher',
        updated_by: 'user-1',
        updated_at: expect.stringMatching(/Z$/),
      });
      await client.waitFor((m) => m.type === 'call_completed', 20000);
      const call = await request(t.url).get(`/calls/${call_sid}`).set(auth).expect(200);
      expect(
        call.body.items.map((item: Record<string, unknown>) => [item.outcome, item.source]),
      ).toEqual([
        ['disputed', 'post_call'],
        ['resolved', 'dispatcher'],
        ['disputed', 'post_call'],
      ]);
      expect(outcomesOf(client).map((m) => [m.item, m.source])).toEqual([
        [2, 'dispatcher'],
        [1, 'post_call'],
        [3, 'post_call'],
      ]);
      client.close();
    });
  });

  it('answers the tool with what the agent can act on: 401, 404, 400 with a detail', async () => {
    const secret = t.app.get(AppConfig).toolSecret.value;
    const { conversation_id, client } = await placeAndWatch('+15005550008');
    client.close();
    const tool = (body: unknown, key = secret) =>
      request(t.url)
        .post(toolPath)
        .set('x-tool-secret', key)
        .send(body as object);
    await tool({ conversation_id, item: 1, outcome: 'resolved' }, 'wrong-secret').expect(401);
    await request(t.url)
      .post(toolPath)
      .send({ conversation_id, item: 1, outcome: 'resolved' })
      .expect(401);
    expect(
      (await tool({ conversation_id: 'conv_unknown', item: 1, outcome: 'resolved' }).expect(404))
        .body,
    ).toEqual({ detail: 'No call has conversation conv_unknown' });
    expect(
      (await tool({ conversation_id, item: 4, outcome: 'resolved' }).expect(400)).body,
    ).toEqual({ detail: 'item 4 does not exist: this call has items 1 to 3' });
    expect((await tool({ conversation_id, item: 1, outcome: 'fixed' }).expect(400)).body).toEqual({
      detail: 'outcome must be one of: resolved, will_fix, acknowledged, disputed, not_discussed',
    });
    expect(
      (await tool({ conversation_id, item: 1, outcome: 'will_fix', eta_minutes: -3 }).expect(400))
        .body.detail,
    ).toMatch(/eta_minutes/);
    expect(
      (await tool({ conversation_id, item: 1, outcome: 'will_fix', eta_minutes: 20 }).expect(200))
        .body,
    ).toEqual({
      status: 'recorded',
    });
  });

  it('refuses a bad dispatcher override with a detail', async () => {
    const { call_sid, client } = await placeAndWatch('+15005550008');
    client.close();
    await request(t.url)
      .patch(`/calls/${call_sid}/items/1`)
      .send({ outcome: 'resolved' })
      .expect(401);
    expect(
      (
        await request(t.url)
          .patch(`/calls/${call_sid}/items/9`)
          .set(auth)
          .send({ outcome: 'resolved' })
          .expect(404)
      ).body,
    ).toEqual({ detail: `Call ${call_sid} has no item 9` });
    await request(t.url)
      .patch(`/calls/${call_sid}/items/x`)
      .set(auth)
      .send({ outcome: 'resolved' })
      .expect(400);
    await request(t.url)
      .patch(`/calls/${call_sid}/items/1`)
      .set(auth)
      .send({ outcome: 'maybe' })
      .expect(400);
    await request(t.url)
      .patch('/calls/EL_nobody/items/1')
      .set(auth)
      .send({ outcome: 'resolved' })
      .expect(404);
  });

  describe('the follow-up queue and calling again', () => {
    const queueOf = async (query: Record<string, string>) =>
      (
        await request(t.url)
          .get(`/follow-ups?${new URLSearchParams(query)}`)
          .set(auth)
          .expect(200)
      ).body as { follow_ups: Record<string, unknown>[]; next_cursor: string | null };

    it('lists what needs a dispatcher with its reason, pages, and filters', async () => {
      const busy = await request(t.url)
        .post('/driver_data/call-elevenlabs')
        .set(auth)
        .send(callRequest({ phoneNumber: '+15005550001', details: ITEMS }));
      const failedCall = busy.body as { call_sid: string; driver: { driverId: string } };
      for (let status = ''; status !== 'FAILED'; await new Promise((r) => setTimeout(r, 20))) {
        status = (await request(t.url).get(`/calls/${failedCall.call_sid}`).set(auth)).body.status;
      }
      const failed = await queueOf({ driverId: failedCall.driver.driverId });
      expect(failed.follow_ups.map((f) => [f.item, f.reason])).toEqual([
        [3, 'call_failed'],
        [2, 'call_failed'],
        [1, 'call_failed'],
      ]);
      expect(failed.follow_ups[0]).toEqual({
        scope: 'item',
        call_sid: failedCall.call_sid,
        conversation_id: expect.any(String),
        driver_id: failedCall.driver.driverId,
        driver_name: 'John Smith',
        phone_number: expect.stringMatching(/^\+1/),
        trip_id: expect.any(String),
        item: 3,
        type: 'reminder',
        description: ITEMS[0]!.description,
        outcome: null,
        reason: 'call_failed',
        since: expect.stringMatching(/Z$/),
        call_back_at: null,
      });
      const first = await queueOf({ driverId: failedCall.driver.driverId, limit: '2' });
      expect(first.follow_ups).toHaveLength(2);
      const second = await queueOf({
        driverId: failedCall.driver.driverId,
        limit: '2',
        cursor: first.next_cursor!,
      });
      expect(second.follow_ups.map((f) => f.item)).toEqual([1]);
      expect(second.next_cursor).toBeNull();

      // A promise whose time has passed. The simulated agent keeps its tool off meanwhile: it
      // records item 1 itself as the conversation goes on, and on a loaded machine its outcome
      // landed after this one, settling the item (the queue then had no passed ETA).
      await withoutAgentTools(async () => {
        const { conversation_id, call_sid, client } = await placeAndWatch('+15005550008');
        client.close();
        await request(t.url)
          .post(toolPath)
          .set('x-tool-secret', t.app.get(AppConfig).toolSecret.value)
          .send({ conversation_id, item: 1, outcome: 'will_fix', eta_minutes: 0 })
          .expect(200);
        await new Promise((resolve) => setTimeout(resolve, 20));
        const late = await queueOf({ reason: 'eta_passed' });
        expect(late.follow_ups.map((f) => [f.call_sid, f.item])).toContainEqual([call_sid, 1]);
        expect(new Set(late.follow_ups.map((f) => f.reason))).toEqual(new Set(['eta_passed']));
      });

      const bads: Record<string, string>[] = [
        { reason: 'bored' },
        { cursor: 'not-ours' },
        { from: 'yesterday' },
      ];
      for (const bad of bads) {
        const refused = await request(t.url)
          .get(`/follow-ups?${new URLSearchParams(bad)}`)
          .set(auth)
          .expect(400);
        expect(typeof refused.body.detail).toBe('string');
      }
    });

    it('calls the driver again about the open items only; they leave the queue', async () => {
      const { call_sid, client } = await placeAndWatch('+15005550006');
      await client.waitFor((m) => m.type === 'call_completed', 20000);
      client.close();
      await request(t.url)
        .patch(`/calls/${call_sid}/items/3`)
        .set(auth)
        .send({ outcome: 'acknowledged' })
        .expect(200);
      const driverId = (await request(t.url).get(`/calls/${call_sid}`).set(auth)).body.driver_id;
      expect((await queueOf({ driverId })).follow_ups.map((f) => [f.item, f.reason])).toEqual([
        [2, 'disputed'],
        [1, 'disputed'],
      ]);
      const again = await request(t.url).post(`/calls/${call_sid}/follow-up`).set(auth).expect(200);
      expect(again.body).toMatchObject({
        message: 'Call initiated successfully via ElevenLabs',
        call_sid: expect.stringMatching(new RegExp(`^EL_${driverId}_`)),
        triggers_count: 2,
      });
      const followUp = await request(t.url).get(`/calls/${again.body.call_sid}`).set(auth);
      expect(followUp.body.items.map((item: { description: string }) => item.description)).toEqual([
        ITEMS[1]!.description,
        ITEMS[2]!.description,
      ]);
      // The original call's items left the queue (the follow-up call may add its own).
      expect(
        (await queueOf({ driverId })).follow_ups.filter((entry) => entry.call_sid === call_sid),
      ).toEqual([]);
      const audit = await request(t.url)
        .get('/audit?actor=user-1')
        .set({ authorization: `Bearer ${t.token({ role: 'admin' })}` })
        .expect(200);
      const trail = (audit.body.entries as Record<string, unknown>[]).filter(
        (entry) =>
          entry.target === again.body.call_sid ||
          entry.target === call_sid ||
          entry.target === `${call_sid} item 3`,
      );
      expect(trail.map((entry) => [entry.action, entry.actor, entry.role])).toEqual([
        ['follow_up.placed', 'user-1', 'dispatcher'],
        ['item_outcome.overridden', 'user-1', 'dispatcher'],
        ['call.placed', 'user-1', 'dispatcher'],
      ]);
      expect(trail[0]!.detail).toEqual({
        driver_id: driverId,
        phone: '+1500***0006',
        outcome: 'dialed',
        follow_up_of: call_sid,
      });
      expect(JSON.stringify(audit.body)).not.toContain('5005550006');
      const nothing = await request(t.url)
        .post(`/calls/${call_sid}/follow-up`)
        .set(auth)
        .expect(409);
      expect(nothing.body.detail).toMatch(/resolved, acknowledged or already followed up/);
    });
  });
});
