import request from 'supertest';
import { nextDialTime } from '../src/campaigns/calling-window.js';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { callRequest } from './support/call-requests.js';
import { campaignDriver, campaignRequest, windowAroundNow } from './support/campaign-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { connectWs } from './support/ws-client.js';
import { until } from './support/until.js';

interface DriverState {
  driver_id: string;
  state: string;
  attempts: number;
  call_sids: string[];
  next_attempt_at: string | null;
  skip_reason: string | null;
  last_failure: string | null;
}

const NORMAL = '+12192002824';
const BUSY_ONCE = '+15005550010';
const VOICEMAIL = '+15005550009';
const NO_ANSWER = '+15005550002';
/** UTC+6 all year: with a window around UTC now, Dhaka's local time is outside it. */
const OUTSIDE_ZONE = 'Asia/Dhaka';

describe('Campaigns: many drivers, inside their hours, under a cap, with retries', () => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { SIMULATOR_TURN_DELAY_MS: '20' } });
    auth = { authorization: `Bearer ${t.token()}` };
    await t.app.get(ElevenLabsEndpoint).ready;
  });
  afterAll(() => t.close());

  const api = () => request(t.url);

  async function campaign(id: string) {
    return (await api().get(`/campaigns/${id}`).set(auth).expect(200)).body as {
      status: string;
      counts: Record<string, number>;
      drivers: DriverState[];
    };
  }

  async function callsOf(sids: string[]) {
    return Promise.all(
      sids.map(async (sid) => (await api().get(`/calls/${sid}`).set(auth).expect(200)).body),
    );
  }

  it('refuses bad input with a 400 naming it, and stores nothing', async () => {
    const good = campaignRequest([campaignDriver()]);
    const cases: [unknown, RegExp][] = [
      [{ ...good, drivers: [] }, /drivers must list at least one driver/],
      [{ ...good, calling_window: { start: '25:00', end: '18:00' } }, /calling_window.start/],
      [
        { ...good, calling_window: { start: '09:00', end: '09:00' } },
        /calling_window must not be empty/,
      ],
      [{ ...good, timezone: 'Mars/Base' }, /timezone must be an IANA time zone/],
      [
        { ...good, drivers: [campaignDriver(), campaignDriver('12')] },
        /drivers\.1\.phoneNumber must be a valid phone number/,
      ],
      [
        { ...good, drivers: [campaignDriver(NORMAL, { timezone: 'Nowhere/City' })] },
        /drivers\.0\.timezone must be an IANA time zone/,
      ],
      [
        {
          ...good,
          drivers: [
            campaignDriver(NORMAL, { driverId: 'D1' }),
            campaignDriver(NORMAL, { driverId: 'D1' }),
          ],
        },
        /drivers\.1\.driverId D1 is already drivers\.0/,
      ],
      [{ ...good, concurrency: 0 }, /concurrency must not be less than 1/],
      [{ ...good, retry: { max_attempts: 0 } }, /retry\.max_attempts must not be less than 1/],
    ];
    for (const [body, detail] of cases) {
      for (const path of ['/campaigns', '/campaigns?dry_run=true']) {
        const answer = await api()
          .post(path)
          .set(auth)
          .send(body as object)
          .expect(400);
        expect(answer.body.detail).toMatch(detail);
      }
    }
    // A dry run answers what would be stored, and stores nothing.
    const optedOut = campaignDriver('+12192002899', { driverId: `DRY_OUT_${process.pid}` });
    await api()
      .put(`/drivers/${optedOut.driverId}/opt-out`)
      .set(auth)
      .send({ opted_out: true })
      .expect(200);
    const preview = await api()
      .post('/campaigns?dry_run=true')
      .set(auth)
      .send(campaignRequest([campaignDriver('(219) 200-2824'), optedOut]))
      .expect(200);
    expect(preview.body).toMatchObject({
      dry_run: true,
      counts: { total: 2, pending: 1, skipped: 1 },
      drivers: [
        { phone_number: '+12192002824', state: 'pending', items: expect.any(Number) },
        { driver_id: optedOut.driverId, state: 'skipped', skip_reason: 'opted_out' },
      ],
    });
    await api()
      .post('/campaigns?dry_run=yes')
      .set(auth)
      .send(good)
      .expect(400, { detail: 'dry_run must be true or false' });
    const list = await api().get('/campaigns').set(auth).expect(200);
    expect(list.body.campaigns).toEqual([]);
    await api().get('/campaigns/cmp_00000000000000000000000000000000').set(auth).expect(404);
    await api().post('/campaigns').send(good).expect(401);
  });

  it('calls every driver once inside their window, retries busy, no answer and voicemail, skips opt-outs, and tells subscribers', async () => {
    // A number of its own: an opt-out follows the number, to every driver recorded with it.
    const optedOut = campaignDriver('+12192009999');
    await api()
      .put(`/drivers/${optedOut.driverId}/opt-out`)
      .set(auth)
      .send({ opted_out: true, reason: 'Asked by phone' })
      .expect(200);
    const drivers = {
      normal: campaignDriver(NORMAL),
      normal2: campaignDriver(NORMAL),
      busyOnce: campaignDriver(BUSY_ONCE),
      voicemail: campaignDriver(VOICEMAIL),
      noAnswer: campaignDriver(NO_ANSWER),
      optedOut,
      outside: campaignDriver(NORMAL, { timezone: OUTSIDE_ZONE }),
    };
    const body = campaignRequest(Object.values(drivers));
    const created = await api().post('/campaigns').set(auth).send(body).expect(201);
    const id = created.body.campaign_id as string;
    expect(created.body).toMatchObject({
      campaign_id: expect.stringMatching(/^cmp_[0-9a-f]{32}$/),
      name: body.name,
      status: 'running',
      counts: { total: 7, skipped: 1 },
    });

    const client = await connectWs(t.wsUrl, t.token());
    client.send({ subscribe: id });
    await client.waitFor((m) => m.type === 'subscription_confirmed' && m.campaign_id === id);

    const settled = await until(
      () => campaign(id),
      (c) => c.counts.pending === 1 && c.counts.in_progress === 0,
    );
    const byId = new Map(settled.drivers.map((d) => [d.driver_id, d]));
    const state = (key: keyof typeof drivers) => byId.get(drivers[key].driverId)!;

    expect(state('normal')).toMatchObject({ state: 'completed', attempts: 1, last_failure: null });
    expect(state('normal2')).toMatchObject({ state: 'completed', attempts: 1 });
    expect(state('busyOnce')).toMatchObject({ state: 'completed', attempts: 2 });
    expect(state('voicemail')).toMatchObject({
      state: 'failed',
      attempts: 2,
      last_failure: 'voicemail',
    });
    expect(state('noAnswer')).toMatchObject({
      state: 'failed',
      attempts: 2,
      last_failure: 'no-answer',
    });
    expect(state('optedOut')).toMatchObject({
      state: 'skipped',
      skip_reason: 'opted_out',
      attempts: 0,
      call_sids: [],
    });
    const outside = state('outside');
    expect(outside).toMatchObject({ state: 'pending', attempts: 0, call_sids: [] });
    const opening = nextDialTime(new Date(), OUTSIDE_ZONE, windowAroundNow());
    expect(Math.abs(Date.parse(outside.next_attempt_at!) - opening.getTime())).toBeLessThan(
      120_000,
    );

    const [busy, answered] = await callsOf(state('busyOnce').call_sids);
    expect(busy).toMatchObject({ status: 'FAILED', not_reached: 'busy' });
    expect(answered).toMatchObject({ status: 'COMPLETED', not_reached: null });
    for (const call of await callsOf(state('voicemail').call_sids)) {
      expect(call).toMatchObject({
        status: 'FAILED',
        failure_reason: 'voicemail',
        not_reached: 'voicemail',
      });
    }

    // At most `concurrency` of the campaign's calls were live at once on the platform.
    expect(t.simulator.peakLiveConversations).toBeLessThanOrEqual(2);
    expect(t.simulator.peakLiveConversations).toBe(2);
    const all = await callsOf(settled.drivers.flatMap((d) => d.call_sids));
    expect(all).toHaveLength(8);

    const progress = await client.waitFor((m) => {
      const counts = m.counts as Record<string, number> | undefined;
      return m.type === 'campaign_progress' && counts?.pending === 1 && counts.in_progress === 0;
    });
    expect(progress).toEqual({
      type: 'campaign_progress',
      campaign_id: id,
      status: 'running',
      counts: settled.counts,
    });

    const cancelled = await api().post(`/campaigns/${id}/cancel`).set(auth).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.counts).toMatchObject({ pending: 0, cancelled: 1 });
    await client.waitFor((m) => m.type === 'campaign_progress' && m.status === 'cancelled');
    const again = await api().post(`/campaigns/${id}/resume`).set(auth).expect(409);
    expect(again.body.detail).toMatch(/is cancelled; it cannot be resumed/);
    client.close();
  });

  it('pauses (no new dials; live calls go on), resumes and completes', async () => {
    const body = campaignRequest([campaignDriver(), campaignDriver(), campaignDriver()], {
      concurrency: 1,
    });
    const id = (await api().post('/campaigns').set(auth).send(body).expect(201)).body.campaign_id;
    const paused = await api().post(`/campaigns/${id}/pause`).set(auth).expect(200);
    expect(paused.body.status).toBe('paused');
    await api().post(`/campaigns/${id}/pause`).set(auth).expect(200);
    const settled = await until(
      () => campaign(id),
      (c) => c.counts.in_progress === 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const still = await campaign(id);
    expect(still.counts.completed).toBe(settled.counts.completed);
    expect(still.counts.pending).toBeGreaterThanOrEqual(2);
    await api().post(`/campaigns/${id}/resume`).set(auth).expect(200);
    const done = await until(
      () => campaign(id),
      (c) => c.status === 'completed',
    );
    expect(done.counts).toMatchObject({ total: 3, completed: 3 });
    const list = await api().get('/campaigns?limit=1').set(auth).expect(200);
    expect(list.body.campaigns[0]).toMatchObject({ campaign_id: id, status: 'completed' });
    expect(list.body.next_cursor).toEqual(expect.any(String));
    await api().post(`/campaigns/${id}/cancel`).set(auth).expect(409);
  });

  it('opts drivers out by hand or when they ask on a call; Part 1 refuses them with 409', async () => {
    const driverId = `OPT_${process.pid}`;
    const put = (body: object) => api().put(`/drivers/${driverId}/opt-out`).set(auth).send(body);
    expect((await put({ opted_out: 'yes' }).expect(400)).body.detail).toMatch(
      /opted_out must be true or false/,
    );
    const out = await put({ opted_out: true, reason: 'Asked by text' }).expect(200);
    expect(out.body).toMatchObject({
      driver_id: driverId,
      opted_out: true,
      reason: 'Asked by text',
      source: 'dispatcher',
    });
    const refused = await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ driverId }))
      .expect(409);
    expect(refused.body.detail).toMatch(/opted out of calls/);
    const dispatcherTurnsBack = await put({ opted_out: false }).expect(403);
    expect(dispatcherTurnsBack.body.detail).toMatch(/Only admins may make driver/);
    await api()
      .put(`/drivers/${driverId}/opt-out`)
      .set({ Authorization: `Bearer ${t.token({ role: 'admin' })}` })
      .send({ opted_out: false })
      .expect(200);
    await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ driverId }))
      .expect(200);

    const asker = `ASK_${process.pid}`;
    await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ driverId: asker, phoneNumber: '+15005550011' }))
      .expect(200);
    const status = await until(
      async () => (await api().get(`/drivers/${asker}/opt-out`).set(auth).expect(200)).body,
      (body) => body.opted_out === true,
    );
    expect(status).toMatchObject({
      source: 'driver',
      reason: expect.stringMatching(/Asked not to be called again/),
    });
  });
});
