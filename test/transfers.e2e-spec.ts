import request from 'supertest';
import { UserRole } from '../src/auth/user-role.js';
import { UsersService } from '../src/auth/users.service.js';
import { SIMULATOR_AGENT_ID } from '../src/config/app-config.js';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { callRequest } from './support/call-requests.js';
import { connectWs } from './support/ws-client.js';
import { endedCall } from './support/ended-call.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ASKS_FOR_PERSON = '+15005550015';
const TRANSFER_FAILS = '+15005550016';
const EMERGENCY = '+15005550017';
const TEAM_LINE = '+12195550199';
const PLACER_PHONE = '+12195550111';
const SPANISH_DESK = '+12195550122';
const ENGLISH_DESK = '+12195550133';

interface CallDetail {
  call_sid: string;
  conversation_id: string;
  status: string;
  analysis: { data_collection_results: Record<string, { value: unknown }> };
  transfer: { to: string | null; reason: string | null; at: string; succeeded: boolean } | null;
}

describe('A driver who asks for a person is put through to one', () => {
  let t: TestApp;
  let placer: { authorization: string };
  let admin: { authorization: string };
  let spanishDeskId: number;
  let englishDeskId: number;
  const api = () => request(t.url);

  async function signIn(email: string, password: string) {
    const answer = await api().post('/auth/login').send({ email, password }).expect(200);
    return { authorization: `Bearer ${answer.body.access_token as string}` };
  }

  beforeAll(async () => {
    t = await startTestApp({
      env: { SIMULATOR_TURN_DELAY_MS: '10', ESCALATION_PHONE_NUMBER: TEAM_LINE },
    });
    await t.app.get(ElevenLabsEndpoint).ready;
    const users = t.app.get(UsersService);
    await users.create('placer@example.com', 'placer password 123');
    await users.create('chief@example.com', 'the chief dispatcher', UserRole.ADMIN);
    spanishDeskId = (await users.create('es-desk@example.com', 'spanish desk 123')).user.id;
    englishDeskId = (await users.create('en-desk@example.com', 'english desk 123')).user.id;
    placer = await signIn('placer@example.com', 'placer password 123');
    admin = await signIn('chief@example.com', 'the chief dispatcher');
  });
  afterAll(() => t.close());

  const place = async (body: ReturnType<typeof callRequest>, as = placer) =>
    (await api().post('/driver_data/call-elevenlabs').set(as).send(body).expect(200)).body as {
      call_sid: string;
    };
  const ended = (sid: string) => endedCall<CallDetail>(t.url, admin, sid);
  const variables = (conversationId: string) =>
    t.simulator.conversation(conversationId)!.request.conversation_initiation_client_data!
      .dynamic_variables!;
  const duty = (who: { authorization: string }, body: Record<string, unknown>) =>
    api().patch('/users/me').set(who).send(body).expect(200);
  const offDuty = () =>
    t.dataSource.query(`UPDATE users SET on_duty_since = NULL, last_transfer_at = NULL`);

  it('has the agent synced with a transfer_to_number tool reading each call’s numbers', () => {
    const rules = t.simulator.agents.transferRules(SIMULATOR_AGENT_ID);
    expect(rules).toEqual([
      expect.objectContaining({
        destinationType: 'phone_dynamic_variable',
        phoneNumber: 'transfer_number',
        transferType: 'conference',
      }),
      expect.objectContaining({
        destinationType: 'phone_dynamic_variable',
        phoneNumber: 'emergency_transfer_number',
        condition: expect.stringContaining('911'),
      }),
    ]);
  });

  it('puts the driver through to the dispatcher who placed the call, and records it', async () => {
    await offDuty();
    await duty(placer, { phone_number: PLACER_PHONE, on_duty: true });
    const driverId = `XFER_${process.pid}`;
    const call = await ended(
      (await place(callRequest({ driverId, phoneNumber: ASKS_FOR_PERSON }))).call_sid,
    );
    expect(variables(call.conversation_id)).toMatchObject({
      transfer_number: PLACER_PHONE,
      emergency_transfer_number: TEAM_LINE,
    });
    expect(call.transfer).toEqual({
      to: PLACER_PHONE,
      reason: 'Driver disputes a violation and asks for a dispatcher',
      at: expect.any(String),
      succeeded: true,
    });
    const prompt = t.simulator.conversation(call.conversation_id)!.request
      .conversation_initiation_client_data!.conversation_config_override!.agent!.prompt!.prompt!;
    expect(prompt).toContain(
      `transfer the call to ${PLACER_PHONE} with the transfer_to_number tool`,
    );
    // Not on the queue: a person has the driver.
    const queue = await api().get(`/follow-ups?driverId=${driverId}`).set(admin).expect(200);
    expect(queue.body.follow_ups.filter((e: { scope: string }) => e.scope === 'call')).toEqual([]);
    const audit = await api().get('/audit?action=call.transferred').set(admin).expect(200);
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          target: call.call_sid,
          detail: expect.objectContaining({ succeeded: true, to: expect.stringMatching(/0111$/) }),
        }),
      ]),
    );
  });

  it('routes a campaign-like call with no placer on duty to the least recently transferred dispatcher speaking its language', async () => {
    await offDuty();
    const spanish = await signIn('es-desk@example.com', 'spanish desk 123');
    const english = await signIn('en-desk@example.com', 'english desk 123');
    await duty(spanish, { phone_number: SPANISH_DESK, on_duty: true, languages: ['en', 'es'] });
    await duty(english, { phone_number: ENGLISH_DESK, on_duty: true, languages: ['en'] });
    // A Spanish call: only the Spanish desk speaks it.
    const body = callRequest({ driverId: `ES_XFER_${process.pid}`, phoneNumber: ASKS_FOR_PERSON });
    (body.drivers[0] as Record<string, unknown>).language = 'es';
    const spanishCall = await ended((await place(body)).call_sid);
    expect(spanishCall.transfer).toMatchObject({ to: SPANISH_DESK, succeeded: true });
    // Next English call: the English desk, never transferred to, is first in line.
    const englishCall = await ended(
      (
        await place(
          callRequest({ driverId: `EN_XFER_${process.pid}`, phoneNumber: ASKS_FOR_PERSON }),
        )
      ).call_sid,
    );
    expect(englishCall.transfer).toMatchObject({ to: ENGLISH_DESK, succeeded: true });
    const stamped = await t.dataSource.query(
      `SELECT id FROM users WHERE last_transfer_at IS NOT NULL ORDER BY id`,
    );
    expect(stamped.map((row: { id: number }) => row.id)).toEqual([spanishDeskId, englishDeskId]);
  });

  it('falls back to ESCALATION_PHONE_NUMBER with nobody on duty', async () => {
    await offDuty();
    const call = await ended(
      (await place(callRequest({ driverId: `LINE_${process.pid}`, phoneNumber: ASKS_FOR_PERSON })))
        .call_sid,
    );
    expect(call.transfer).toMatchObject({ to: TEAM_LINE, succeeded: true });
  });

  it('puts a failed transfer on the follow-up queue as a call-level entry, and counts it', async () => {
    await offDuty();
    const driverId = `FAIL_${process.pid}`;
    const call = await ended(
      (await place(callRequest({ driverId, phoneNumber: TRANSFER_FAILS }))).call_sid,
    );
    expect(call.transfer).toMatchObject({ to: TEAM_LINE, succeeded: false });
    const queue = await api().get(`/follow-ups?driverId=${driverId}`).set(admin).expect(200);
    expect(queue.body.follow_ups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          scope: 'call',
          call_sid: call.call_sid,
          reason: 'transfer_failed',
          item: null,
          since: call.transfer!.at,
        }),
        expect.objectContaining({ scope: 'item', item: 1, reason: 'disputed' }),
      ]),
    );
    const filtered = await api().get('/follow-ups?reason=transfer_failed').set(admin).expect(200);
    expect(filtered.body.follow_ups.map((e: { call_sid: string }) => e.call_sid)).toEqual([
      call.call_sid,
    ]);
    const summary = await api().get('/analytics/summary').set(admin).expect(200);
    expect(summary.body.transfers).toEqual({ total: 5, succeeded: 4, failed: 1 });
    expect(summary.body.transfer_rate).toBeGreaterThan(0);

    // A later call that reaches the driver takes the entry off the queue.
    await ended((await place(callRequest({ driverId }))).call_sid);
    const after = await api().get('/follow-ups?reason=transfer_failed').set(admin).expect(200);
    expect(after.body.follow_ups).toEqual([]);
  });

  it('alerts the whole team when an emergency transfer fails, until someone acknowledges it', async () => {
    await offDuty();
    const board = await connectWs(t.wsUrl, admin.authorization.slice(7));
    board.send({ subscribe: 'calls' });
    await board.waitFor((m) => m.type === 'subscription_confirmed');
    try {
      const call = await ended(
        (await place(callRequest({ driverId: `SOS_${process.pid}`, phoneNumber: EMERGENCY })))
          .call_sid,
      );
      expect(call.transfer).toMatchObject({
        to: TEAM_LINE,
        succeeded: false,
        reason: expect.stringMatching(/^Emergency:/),
      });
      const said = t.simulator
        .conversation(call.conversation_id)!
        .turns.map((turn) => turn.message);
      expect(said.join(' ')).toMatch(/call 911/);
      const alert = await board.waitFor((m) => m.type === 'dispatcher_alert');
      expect(alert).toMatchObject({
        kind: 'emergency_transfer_failed',
        call_sid: call.call_sid,
        phone_number: EMERGENCY,
        acknowledged_at: null,
      });
      await board.waitFor(
        (m) => m.type === 'call_transferred' && m.call_sid === call.call_sid && !m.succeeded,
      );
      const open = await api().get('/dispatcher-alerts').set(placer).expect(200);
      expect(open.body.alerts).toEqual([expect.objectContaining({ id: alert.id })]);

      const acknowledged = await api()
        .post(`/dispatcher-alerts/${alert.id as number}/acknowledge`)
        .set(placer)
        .expect(200);
      expect(acknowledged.body).toMatchObject({ acknowledged_by: 'placer@example.com' });
      await board.waitFor((m) => m.type === 'dispatcher_alert_acknowledged' && m.id === alert.id);
      // Twice is fine, and audited once.
      await api()
        .post(`/dispatcher-alerts/${alert.id as number}/acknowledge`)
        .set(admin)
        .expect(200);
      expect((await api().get('/dispatcher-alerts').set(placer).expect(200)).body.alerts).toEqual(
        [],
      );
      const all = await api().get('/dispatcher-alerts?status=all').set(placer).expect(200);
      expect(all.body.alerts).toHaveLength(1);
      const audit = await api()
        .get('/audit?action=dispatcher_alert.acknowledged')
        .set(admin)
        .expect(200);
      expect(audit.body.entries).toHaveLength(1);
    } finally {
      board.close();
    }
  });

  it('refuses bad alert requests with a detail', async () => {
    await api().post('/dispatcher-alerts/abc/acknowledge').set(placer).expect(400, {
      detail: 'id must be a positive integer',
    });
    await api().post('/dispatcher-alerts/99999999999/acknowledge').set(placer).expect(400);
    await api().post('/dispatcher-alerts/424242/acknowledge').set(placer).expect(404, {
      detail: 'Alert 424242 not found',
    });
    await api().get('/dispatcher-alerts?status=closed').set(placer).expect(400, {
      detail: 'status must be open or all',
    });
  });
});

describe('With nobody to put the driver through to', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { SIMULATOR_TURN_DELAY_MS: '10', ESCALATION_PHONE_NUMBER: '' },
    });
    await t.app.get(ElevenLabsEndpoint).ready;
  });
  afterAll(() => t.close());

  it('tells the agent so: it takes a message and the call needs a dispatcher', async () => {
    const auth = { authorization: `Bearer ${t.token()}` };
    const placed = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest({ driverId: `NOBODY_${process.pid}`, phoneNumber: ASKS_FOR_PERSON }))
      .expect(200);
    const call = await endedCall<CallDetail>(t.url, auth, placed.body.call_sid as string);
    const sent = t.simulator.conversation(call.conversation_id)!.request
      .conversation_initiation_client_data!;
    expect(sent.dynamic_variables).toMatchObject({
      transfer_number: '',
      emergency_transfer_number: '',
    });
    expect(sent.conversation_config_override!.agent!.prompt!.prompt).toContain(
      'Nobody from dispatch can take a call right now',
    );
    expect(call.transfer).toBeNull();
    expect(call.analysis.data_collection_results.needs_dispatcher.value).toBe(true);
    const said = t.simulator.conversation(call.conversation_id)!.turns.map((turn) => turn.message);
    expect(said).toContain(
      "I understand. Nobody from dispatch can take a call right now, so I've noted it and a dispatcher will call you back.",
    );
  });
});
