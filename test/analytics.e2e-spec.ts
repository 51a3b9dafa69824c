import request from 'supertest';
import { SIMULATOR_AGENT_ID } from '../src/config/app-config.js';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { callRequest } from './support/call-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { connectWs } from './support/ws-client.js';
import { until } from './support/until.js';

const ITEMS = [
  { type: 'violation', description: 'Your reefer is at 45 degrees but must be 38' },
  { type: 'violation', description: '=HYPERLINK("http://evil.example","click")' },
  { type: 'reminder', description: 'Send the trailer pictures, "loaded" ones' },
];

describe('Analytics: the fleet summary and the calls export', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const drivers: string[] = [];

  /** Places a call and waits until the service recorded its end. */
  async function completedCall(phoneNumber: string) {
    const placed = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ phoneNumber, details: ITEMS }))
      .expect(200);
    const { call_sid } = placed.body as { call_sid: string };
    drivers.push((placed.body as { driver: { driverId: string } }).driver.driverId);
    const client = await connectWs(t.wsUrl, t.token());
    client.send({ subscribe: call_sid });
    await client.waitFor((m) => m.type === 'call_status' && m.status !== 'in_progress', 20000);
    client.close();
    return call_sid;
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { SIMULATOR_TURN_DELAY_MS: '20' } });
    auth = { authorization: `Bearer ${t.token()}` };
    await t.app.get(ElevenLabsEndpoint).ready;
    await completedCall('+12192002824');
    await completedCall('+12192002825');
    await completedCall('+15005550006');
    await completedCall('+15005550001');
  });
  afterAll(() => t.close());

  const summary = async (query: Record<string, string> = {}) =>
    (
      await request(t.url)
        .get(`/analytics/summary?${new URLSearchParams(query)}`)
        .set(auth)
        .expect(200)
    ).body;

  it('counts calls, answers, outcomes, types, cost in dollars and days', async () => {
    const all = await summary();
    expect(all.calls).toEqual({
      total: 4,
      by_status: { IN_PROGRESS: 0, COMPLETED: 2, FAILED: 2 },
      inbound: 0,
    });
    expect(all.answer_rate).toBe(0.75);
    expect(all.items).toEqual({
      total: 12,
      by_outcome: {
        resolved: 0,
        will_fix: 4,
        acknowledged: 2,
        disputed: 3,
        not_discussed: 0,
        unknown: 3,
      },
      by_type: { violation: 8, reminder: 4 },
    });
    expect(all.median_minutes_to_commitment).toBeGreaterThanOrEqual(0);
    const costs = await Promise.all(
      ((await request(t.url).get('/calls').set(auth)).body.calls as { cost: number | null }[]).map(
        (call) => call.cost ?? 0,
      ),
    );
    const total = costs.reduce((sum, cost) => sum + cost, 0);
    expect(all.cost.total).toBeCloseTo(total, 4);
    expect(all.cost.per_call).toBeCloseTo(total / 3, 4);
    expect(all.cost.per_resolved_item).toBeNull();
    expect(all.per_day).toEqual([
      {
        day: new Date().toISOString().slice(0, 10),
        calls: 4,
        answered: 3,
        items_resolved: 0,
        cost: expect.any(Number),
      },
    ]);
  });

  it('filters by driver and by time', async () => {
    const one = await summary({ driverId: drivers[2]! });
    expect(one.calls.total).toBe(1);
    expect(one.items.by_outcome.disputed).toBe(3);
    const none = await summary({ to: '2020-01-01T00:00:00Z' });
    expect(none).toMatchObject({
      answer_rate: null,
      calls: { total: 0 },
      median_minutes_to_commitment: null,
      cost: { total: 0, per_call: null, per_resolved_item: null },
      per_day: [],
    });
    const refused = await request(t.url).get('/analytics/summary?from=soon').set(auth).expect(400);
    expect(refused.body).toEqual({ detail: 'from must be an ISO 8601 date-time' });
    await request(t.url).get('/analytics/summary').expect(401);
  });

  it('exports every call with its items as CSV, formulas defused', async () => {
    const response = await request(t.url).get('/analytics/calls.csv').set(auth).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'call_sid,conversation_id,driver_id,driver_name,status,call_start_time,call_end_time,call_duration_seconds,cost,call_successful,item,item_type,description,outcome,eta_minutes,driver_note,outcome_source',
    );
    expect(lines).toHaveLength(1 + 12);
    expect(response.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(response.text).toContain('"Send the trailer pictures, ""loaded"" ones"');
    const filtered = await request(t.url)
      .get(`/analytics/calls.csv?driverId=${drivers[0]}`)
      .set(auth)
      .expect(200);
    expect(filtered.text.trimEnd().split('\r\n')).toHaveLength(1 + 3);
  });

  it('counts callbacks on their own: the answer rate is about the calls we placed', async () => {
    const before = await summary();
    const inbound = await t.simulator.inbound.call(SIMULATOR_AGENT_ID, '+12195550123');
    await t.simulator.finished(inbound.conversation_id!);
    const after = await until(
      summary,
      (body) => body.calls.by_status.COMPLETED > before.calls.by_status.COMPLETED,
    );
    expect(after.calls).toEqual({
      total: before.calls.total + 1,
      by_status: { ...before.calls.by_status, COMPLETED: before.calls.by_status.COMPLETED + 1 },
      inbound: before.calls.inbound + 1,
    });
    expect(after.answer_rate).toBe(before.answer_rate);
  });
});
