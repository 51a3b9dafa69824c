import request from 'supertest';
import { SIMULATOR_AGENT_ID } from '../src/config/app-config.js';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { callRequest } from './support/call-requests.js';
import { campaignDriver, campaignRequest } from './support/campaign-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { localTime, zoneWhereLocalHourIn } from './support/time-zones.js';
import { until } from './support/until.js';

const NORMAL = '+12192002824';
const UNSUCCESSFUL = '+15005550006';
const VOICEMAIL = '+15005550009';
const DRIVING = '+15005550012';
const COMPANY = 'Acme Freight';
const CALLBACK_NUMBER = '+12195550100';

interface CallDetail {
  call_sid: string;
  conversation_id: string;
  status: string;
  first_message: string | null;
  call_back_at: string | null;
  call_end_time: string | null;
  has_audio: boolean;
  transcript: { speaker_type: string; message_text: string }[];
}

interface CampaignDriverState {
  driver_id: string;
  state: string;
  attempts: number;
  call_sids: string[];
  next_attempt_at: string | null;
  waiting_reason: string | null;
}

describe('Compliance: who is calling, the recording notice, quiet hours, "call me later"', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const api = () => request(t.url);

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        SIMULATOR_TURN_DELAY_MS: '20',
        QUIET_HOURS: '08:00-21:00',
        COMPANY_NAME: COMPANY,
        ELEVENLABS_AGENT_PHONE_NUMBER: CALLBACK_NUMBER,
      },
    });
    auth = { authorization: `Bearer ${t.token()}` };
    await t.app.get(ElevenLabsEndpoint).ready;
  });
  afterAll(() => t.close());

  const call = async (sid: string) =>
    (
      await api()
        .get(`/calls/${encodeURIComponent(sid)}`)
        .set(auth)
        .expect(200)
    ).body as CallDetail;
  const ended = (sid: string) =>
    until(
      () => call(sid),
      (c) => c.status !== 'IN_PROGRESS',
    );
  const campaign = async (id: string) =>
    (await api().get(`/campaigns/${id}`).set(auth).expect(200)).body as {
      drivers: CampaignDriverState[];
    };

  /** What ElevenLabs was asked to say first, and the variables its texts use. */
  function sentTo(conversationId: string) {
    const data =
      t.simulator.conversation(conversationId)!.request.conversation_initiation_client_data!;
    return {
      firstMessage: data.conversation_config_override!.agent!.first_message,
      variables: data.dynamic_variables!,
    };
  }

  function expectDisclosure(firstMessage: string | null | undefined) {
    expect(firstMessage).toContain(`automated dispatch assistant for ${COMPANY}`);
    expect(firstMessage).toContain('This call is recorded.');
    expect(firstMessage).toContain('Can you talk safely right now, hands-free?');
  }

  it('says who is calling, that it is automated and recorded, on Part 1, follow-ups and campaigns', async () => {
    const placed = await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ phoneNumber: UNSUCCESSFUL }))
      .expect(200);
    const first = await ended(placed.body.call_sid);
    expectDisclosure(first.first_message);
    expect(sentTo(first.conversation_id)).toEqual({
      firstMessage: first.first_message,
      variables: expect.objectContaining({
        company_name: COMPANY,
        callback_number: CALLBACK_NUMBER,
      }),
    });

    // The driver disputed everything: call again about the open items.
    const again = await api()
      .post(`/calls/${encodeURIComponent(first.call_sid)}/follow-up`)
      .set(auth)
      .expect(200);
    const followUp = await call(again.body.call_sid);
    expectDisclosure(followUp.first_message);
    expect(sentTo(followUp.conversation_id).firstMessage).toBe(followUp.first_message);

    const created = await api()
      .post('/campaigns')
      .set(auth)
      .send(
        campaignRequest([campaignDriver(NORMAL, { timezone: zoneWhereLocalHourIn(9, 20) })], {
          calling_window: { start: '00:00', end: '23:59' },
        }),
      )
      .expect(201);
    const [driver] = (
      await until(
        () => campaign(created.body.campaign_id),
        (c) => c.drivers[0]!.call_sids.length > 0,
      )
    ).drivers;
    // The claim is committed before the dial records the call: it may not exist yet.
    const attempt = await until(
      async () =>
        (
          await api()
            .get(`/calls/${encodeURIComponent(driver!.call_sids[0]!)}`)
            .set(auth)
        ).body as Partial<CallDetail>,
      (c) => Boolean(c.conversation_id),
    );
    expectDisclosure(attempt.first_message);
    expect(sentTo(attempt.conversation_id!).firstMessage).toBe(attempt.first_message);
  });

  it("leaves a voicemail that names the company, the trip and the call-back number, and none of the driver's violations", async () => {
    const placed = await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ phoneNumber: VOICEMAIL }))
      .expect(200);
    await t.simulator.finished(placed.body.conversation_id);
    const voicemail = await until(
      () => call(placed.body.call_sid),
      (c) => c.transcript.some((turn) => turn.speaker_type === 'agent'),
    );
    const message = voicemail.transcript.find((turn) => turn.speaker_type === 'agent')!;
    expect(message.message_text).toBe(
      `Hi John Smith, this is the automated dispatch assistant for ${COMPANY}, calling about your trip TRIP_78910. Please call us back at ${CALLBACK_NUMBER}. Thank you.`,
    );
    expect(message.message_text).not.toMatch(/temp|degrees|trailer/i);
  });

  it('puts a driver who was driving on the follow-up queue at the time they asked for', async () => {
    const driverId = `DRIVING_${process.pid}`;
    const placed = await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ phoneNumber: DRIVING, driverId }))
      .expect(200);
    const driving = await until(
      () => call(placed.body.call_sid),
      (c) => c.call_back_at !== null,
    );
    // Nothing was discussed after "I'm driving": the agent said goodbye.
    expect(driving.transcript.map((turn) => turn.speaker_type)).toEqual([
      'agent',
      'driver',
      'agent',
      'driver',
    ]);
    expect(Date.parse(driving.call_back_at!) - Date.parse(driving.call_end_time!)).toBe(
      20 * 60_000,
    );
    const queue = await api()
      .get(`/follow-ups?reason=driver_asked_callback&driverId=${driverId}`)
      .set(auth)
      .expect(200);
    const mine = (queue.body.follow_ups as Record<string, unknown>[]).filter(
      (entry) => entry.call_sid === driving.call_sid,
    );
    const rows = mine.map((entry) => [entry.item, entry.reason, entry.call_back_at]);
    expect(rows.sort()).toEqual([
      [1, 'driver_asked_callback', driving.call_back_at],
      [2, 'driver_asked_callback', driving.call_back_at],
    ]);
  });

  it('calls a campaign driver back when they asked, as no failed attempt', async () => {
    const zone = zoneWhereLocalHourIn(9, 20);
    const created = await api()
      .post('/campaigns')
      .set(auth)
      .send(
        campaignRequest([campaignDriver(DRIVING, { timezone: zone })], {
          calling_window: { start: '00:00', end: '23:59' },
          retry: { max_attempts: 1, delay_seconds: 1 },
        }),
      )
      .expect(201);
    const id = created.body.campaign_id as string;
    const waiting = await until(
      () => campaign(id),
      (c) => c.drivers[0]!.state === 'pending' && c.drivers[0]!.call_sids.length === 1,
    );
    const driver = waiting.drivers[0]!;
    const first = await call(driver.call_sids[0]!);
    // One attempt allowed, yet the driver waits for the call back instead of failing.
    expect(driver).toMatchObject({
      attempts: 0,
      next_attempt_at: first.call_back_at,
      waiting_reason: `the driver asked to be called back at ${first.call_back_at}`,
    });

    // Twenty minutes pass: the driver is due, and the next pass calls them back.
    await t.dataSource.query(
      `UPDATE campaign_drivers SET next_attempt_at = now() WHERE driver_id = $1`,
      [driver.driver_id],
    );
    await api().post(`/campaigns/${id}/pause`).set(auth).expect(200);
    await api().post(`/campaigns/${id}/resume`).set(auth).expect(200);
    const calledBack = await until(
      () => campaign(id),
      (c) => c.drivers[0]!.call_sids.length === 2,
    );
    expect(calledBack.drivers[0]!.call_sids[1]).not.toBe(driver.call_sids[0]);
  });

  it('never dials a campaign driver during their quiet hours, whatever the window says', async () => {
    const night = zoneWhereLocalHourIn(0, 5);
    const day = zoneWhereLocalHourIn(9, 20);
    const asleep = campaignDriver(NORMAL, { timezone: night });
    const awake = campaignDriver(NORMAL, { timezone: day });
    const created = await api()
      .post('/campaigns')
      .set(auth)
      .send(campaignRequest([asleep, awake], { calling_window: { start: '00:00', end: '23:59' } }))
      .expect(201);
    const state = await until(
      () => campaign(created.body.campaign_id),
      (c) => c.drivers.find((d) => d.driver_id === awake.driverId)!.call_sids.length > 0,
    );
    const waiting = state.drivers.find((d) => d.driver_id === asleep.driverId)!;
    expect(waiting).toMatchObject({
      state: 'pending',
      call_sids: [],
      waiting_reason: `quiet hours: calls open 08:00 ${night} time (calls only 08:00-21:00)`,
    });
    expect(localTime(waiting.next_attempt_at!, night)).toBe('08:00');
    expect(Date.parse(waiting.next_attempt_at!)).toBeGreaterThan(Date.now());
  });

  it('refuses a campaign whose calling window never meets the quiet hours', async () => {
    const refused = await api()
      .post('/campaigns')
      .set(auth)
      .send(
        campaignRequest([campaignDriver()], { calling_window: { start: '22:00', end: '06:00' } }),
      )
      .expect(400);
    expect(refused.body).toEqual({
      detail:
        'calling_window 22:00-06:00 never meets QUIET_HOURS 08:00-21:00: campaigns dial only inside both, driver-local',
    });
  });
});

describe('Compliance: RECORDING_DISCLOSURE=false only where nothing is recorded', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const api = () => request(t.url);

  beforeAll(async () => {
    t = await startTestApp({
      env: { SIMULATOR_TURN_DELAY_MS: '20', RECORDING_DISCLOSURE: 'false' },
    });
    auth = { authorization: `Bearer ${t.token()}` };
    await t.app.get(ElevenLabsEndpoint).ready;
  });
  afterAll(() => t.close());

  async function place() {
    const placed = await api()
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest())
      .expect(200);
    await t.simulator.finished(placed.body.conversation_id);
    return until(
      async () =>
        (await api().get(`/calls/${placed.body.call_sid}`).set(auth).expect(200))
          .body as CallDetail,
      (c) => c.status !== 'IN_PROGRESS',
    );
  }

  it('turns recording off at the platform, then says nothing about it', async () => {
    const privacy = t.simulator.agents.get(SIMULATOR_AGENT_ID).platform_settings?.privacy as {
      record_voice: boolean;
    };
    expect(privacy.record_voice).toBe(false);
    const unrecorded = await place();
    expect(unrecorded.first_message).toContain(
      'automated dispatch assistant for Sample Trucking Co.',
    );
    expect(unrecorded.first_message).not.toContain('recorded');
    expect(unrecorded.has_audio).toBe(false);
  });

  it('says the call is recorded again as soon as it sees the agent recording', async () => {
    t.simulator.agents.patch(SIMULATOR_AGENT_ID, {
      platform_settings: { privacy: { record_voice: true } },
    });
    const check = await api()
      .post('/agent/sync?dry_run=true')
      .set({ authorization: `Bearer ${t.token({ role: 'admin' })}` })
      .expect(200);
    expect(check.body.changes).toContainEqual(
      expect.objectContaining({ setting: 'platform_settings.privacy.record_voice' }),
    );
    const recorded = await place();
    expect(recorded.first_message).toContain('This call is recorded.');
  });
});
