import { jest } from '@jest/globals';
import request from 'supertest';
import { CallsRepository } from '../src/calls/record/calls.repository.js';
import { Call } from '../src/calls/record/call.entity.js';
import { Driver } from '../src/drivers/entities/driver.entity.js';
import { CallStatus } from '../src/calls/record/call-status.js';
import { callRequest } from './support/call-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const DIAL = 'POST /v1/convai/twilio/outbound-call';

describe('Part 1: POST /driver_data/call-elevenlabs and GET /driver_data/{driver_id}', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const dialCount = () => t.simulator.requestCounts.get(DIAL) ?? 0;
  const place = (body: unknown) =>
    request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(body as object);
  const callBySid = (callSid: string) =>
    t.dataSource.getRepository(Call).findOneByOrFail({ callSid });
  /** The call once FAILED, or as it is after 5 s. */
  async function failedWithin5s(callSid: string): Promise<Call> {
    let call = await callBySid(callSid);
    for (let waited = 0; call.status !== CallStatus.FAILED && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      call = await callBySid(callSid);
    }
    return call;
  }

  beforeAll(async () => {
    t = await startTestApp();
    auth = { authorization: `Bearer ${t.token()}` };
  });
  afterAll(() => t.close());
  afterEach(() => t.simulator.clearFaults());

  it('places the call and answers exactly as documented', async () => {
    const body = callRequest({ phoneNumber: '(219) 200-2824' });
    const response = await place(body).expect(200);
    const driver = body.drivers[0]!;
    expect(response.body).toEqual({
      message: 'Call initiated successfully via ElevenLabs',
      timestamp: body.timestamp,
      driver: { driverId: driver.driverId, driverName: 'John Smith', phoneNumber: '+12192002824' },
      call_sid: `EL_${driver.driverId}_${body.timestamp}`,
      conversation_id: expect.stringMatching(/^conv_/),
      callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/),
      triggers_count: 2,
    });
    const call = await callBySid(response.body.call_sid);
    expect(call).toMatchObject({
      conversationId: response.body.conversation_id,
      twilioCallSid: response.body.callSid,
      tripId: 'TRIP_78910',
    });
    expect(call.violations).toHaveLength(2);
    const stored = await t.dataSource
      .getRepository(Driver)
      .findOneByOrFail({ driverId: driver.driverId });
    expect(stored.phoneNumber).toBe('+12192002824');

    const sent = t.simulator.conversation(response.body.conversation_id)!.request;
    expect(sent).toMatchObject({
      agent_id: expect.any(String),
      agent_phone_number_id: expect.any(String),
      to_number: '+12192002824',
    });
    const data = sent.conversation_initiation_client_data!;
    expect(data.dynamic_variables).toMatchObject({
      call_sid: response.body.call_sid,
      driver_id: driver.driverId,
      driver_name: 'John Smith',
      trip_id: 'TRIP_78910',
    });
    const prompt = data.conversation_config_override!.agent!.prompt!.prompt;
    expect(prompt).toContain('John Smith');
    expect(prompt).toContain('TRIP_78910');
    expect(prompt).toContain('Be extra polite');
    expect(prompt.indexOf('[VIOLATION] Your temp')).toBeLessThan(
      prompt.indexOf('[REMINDER] Please send'),
    );
    expect(data.conversation_config_override!.agent!.first_message).toContain('John');
  });

  it('writes the call record before asking ElevenLabs', async () => {
    // ElevenLabs takes 1.5 s to answer; the record must be there (undialled) well before.
    t.simulator.setFaults({ latencyMs: 1500 });
    const body = callRequest();
    const callSid = `EL_${body.drivers[0]!.driverId}_${body.timestamp}`;
    let answered = false;
    const pending = place(body).then((response) => ((answered = true), response));
    let early = await t.dataSource.getRepository(Call).findOneBy({ callSid });
    while (!early && !answered) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      early = await t.dataSource.getRepository(Call).findOneBy({ callSid });
    }
    expect(answered).toBe(false);
    expect(early).toMatchObject({ status: CallStatus.IN_PROGRESS, conversationId: null });
    expect((await pending).status).toBe(200);
  });

  it('records a busy line whose failure webhook arrives before ElevenLabs answered the dial', async () => {
    t.simulator.setFaults({ outboundAnswerDelayMs: 600 });
    const body = callRequest({ phoneNumber: '+15005550001' });
    const callSid = `EL_${body.drivers[0]!.driverId}_${body.timestamp}`;
    expect((await place(body)).status).toBe(200);
    const call = await failedWithin5s(callSid);
    expect(call).toMatchObject({ status: CallStatus.FAILED, notReached: 'busy' });
  });

  it('records a busy line whose dial answer is stored while its failure webhook looks for it', async () => {
    // The webhook finds no call with its conversation id; while it then asks whether a dial is
    // still waiting for its answer (slowed here by 300 ms, as on a loaded database), the answer
    // (150 ms) stores the id. The campaign benchmark lost one busy call in ~50 to this.
    const repository = t.app.get(CallsRepository);
    const original = repository.dialInFlight.bind(repository);
    const slowed = jest
      .spyOn(repository, 'dialInFlight')
      .mockImplementationOnce(async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return original(...args);
      });
    t.simulator.setFaults({ outboundAnswerDelayMs: 150 });
    const body = callRequest({ phoneNumber: '+15005550001' });
    const callSid = `EL_${body.drivers[0]!.driverId}_${body.timestamp}`;
    expect((await place(body)).status).toBe(200);
    const call = await failedWithin5s(callSid);
    expect(slowed).toHaveBeenCalled();
    slowed.mockRestore();
    expect(call).toMatchObject({ status: CallStatus.FAILED, notReached: 'busy' });
  });

  const invalid: [string, (body: ReturnType<typeof callRequest>) => unknown, RegExp | string][] = [
    ['no drivers', (b) => ({ ...b, drivers: [] }), 'No driver data provided'],
    [
      'drivers missing',
      (b) => ({ callType: b.callType, timestamp: b.timestamp }),
      'No driver data provided',
    ],
    ['drivers not an array', (b) => ({ ...b, drivers: 'DRV_1' }), 'No driver data provided'],
    [
      'missing driverName',
      (b) => ({ ...b, drivers: [{ ...b.drivers[0], driverName: undefined }] }),
      /drivers\.0\.driverName/,
    ],
    [
      'wrong-typed phone',
      (b) => ({ ...b, drivers: [{ ...b.drivers[0], phoneNumber: 2192002824 }] }),
      /drivers\.0\.phoneNumber/,
    ],
    [
      'invalid phone',
      (b) => ({ ...b, drivers: [{ ...b.drivers[0], phoneNumber: '12345' }] }),
      /drivers\.0\.phoneNumber must be a valid phone number/,
    ],
    [
      'unknown detail type',
      (b) => ({
        ...b,
        drivers: [
          {
            ...b.drivers[0],
            violations: { tripId: 'T', violationDetails: [{ type: 'warning', description: 'x' }] },
          },
        ],
      }),
      /violationDetails\.0\.type/,
    ],
    [
      'empty violation list',
      (b) => ({
        ...b,
        drivers: [{ ...b.drivers[0], violations: { tripId: 'T', violationDetails: [] } }],
      }),
      /violationDetails must contain at least one/,
    ],
    [
      'missing violations',
      (b) => ({ ...b, drivers: [{ ...b.drivers[0], violations: undefined }] }),
      /drivers\.0\.violations/,
    ],
    ['bad timestamp', (b) => ({ ...b, timestamp: 'yesterday' }), /timestamp must be an ISO 8601/],
    ['missing callType', (b) => ({ ...b, callType: undefined }), /callType/],
    ['unknown field', (b) => ({ ...b, priority: 'high' }), /priority should not exist/],
  ];
  it.each(invalid)(
    'refuses %s with 400, storing and dialing nothing',
    async (_name, mutate, detail) => {
      const before = {
        calls: await t.dataSource.getRepository(Call).count(),
        drivers: await t.dataSource.getRepository(Driver).count(),
        dials: dialCount(),
      };
      const response = await place(mutate(callRequest())).expect(400);
      if (typeof detail === 'string') expect(response.body).toEqual({ detail });
      else expect(response.body.detail).toMatch(detail);
      expect(await t.dataSource.getRepository(Call).count()).toBe(before.calls);
      expect(await t.dataSource.getRepository(Driver).count()).toBe(before.drivers);
      expect(dialCount()).toBe(before.dials);
    },
  );

  it('refuses malformed JSON with 400', async () => {
    const response = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .set('content-type', 'application/json')
      .send('{"drivers": [')
      .expect(400);
    expect(response.body).toEqual({ detail: 'Malformed JSON in request body' });
  });

  it('needs a bearer token', async () => {
    await request(t.url).post('/driver_data/call-elevenlabs').send(callRequest()).expect(401);
  });

  const failures: [string, string | null, () => void, RegExp, number][] = [
    [
      'ElevenLabs 500',
      '+15005550003',
      () => undefined,
      /^Failed to initiate ElevenLabs call: ElevenLabs answered 500/,
      1,
    ],
    [
      'ElevenLabs 429 (retried, then given up)',
      '+15005550004',
      () => undefined,
      /^Failed to initiate ElevenLabs call: ElevenLabs answered 429/,
      3,
    ],
    [
      'a timeout (never retried)',
      '+15005550005',
      () => undefined,
      /^Failed to initiate ElevenLabs call: Connection timeout/,
      1,
    ],
    ['ElevenLabs 401', null, () => t.simulator.setFaults({ errorStatus: 401 }), /answered 401/, 1],
    [
      'connection dropped',
      null,
      () => t.simulator.setFaults({ down: true }),
      /Could not reach ElevenLabs/,
      1,
    ],
    [
      'an unexpected body',
      null,
      () => t.simulator.setFaults({ malformed: true }),
      /without a conversation_id/,
      1,
    ],
  ];
  it.each(failures)(
    'keeps the record FAILED with the reason on %s',
    async (_name, phone, arrange, detail, attempts) => {
      arrange();
      const body = callRequest(phone ? { phoneNumber: phone } : {});
      const before = dialCount();
      const response = await place(body).expect(500);
      expect(response.body.detail).toMatch(detail);
      expect(dialCount() - before).toBe(attempts);
      const call = await callBySid(`EL_${body.drivers[0]!.driverId}_${body.timestamp}`);
      expect(call.status).toBe(CallStatus.FAILED);
      expect(response.body.detail).toBe(
        `Failed to initiate ElevenLabs call: ${call.failureReason}`,
      );
    },
  );

  it('answers a retry from the record without dialing again', async () => {
    const body = callRequest();
    const first = await place(body).expect(200);
    const dials = dialCount();
    const again = await place(body).expect(200);
    expect(again.body).toEqual(first.body);
    expect(dialCount()).toBe(dials);
  });

  it('dials once when two identical requests race', async () => {
    t.simulator.setFaults({ latencyMs: 200 });
    const body = callRequest();
    const dials = dialCount();
    const [a, b] = await Promise.all([place(body), place(body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.conversation_id).toBe(b.body.conversation_id);
    expect(dialCount() - dials).toBe(1);
  });

  it('dials again on the same record when the call failed to start', async () => {
    const body = callRequest();
    t.simulator.setFaults({ errorStatus: 503 });
    const failed = await place(body).expect(500);
    expect(failed.body.detail).toMatch(/answered 503/);
    t.simulator.clearFaults();
    const retried = await place(body).expect(200);
    expect(retried.body.conversation_id).toMatch(/^conv_/);
    const calls = await t.dataSource.getRepository(Call).findBy({ callSid: retried.body.call_sid });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      status: expect.any(String),
      failureReason: null,
      conversationId: retried.body.conversation_id,
    });
  });

  it('refuses a second simultaneous call to a driver with 409 naming the call', async () => {
    const first = callRequest({ phoneNumber: '+15005550008' });
    const driverId = first.drivers[0]!.driverId;
    const live = await place(first).expect(200);
    const second = callRequest({ driverId, phoneNumber: '+15005550008' });
    const response = await place(second).expect(409);
    expect(response.body.detail).toContain(live.body.call_sid);
  });

  it('returns the driver with their calls, newest first', async () => {
    const one = callRequest({ phoneNumber: '+15005550003' });
    const driverId = one.drivers[0]!.driverId;
    await place(one).expect(500);
    const two = callRequest({ driverId, timestamp: '2030-01-01T00:00:00Z' });
    const second = await place(two).expect(200);
    const response = await request(t.url).get(`/driver_data/${driverId}`).set(auth).expect(200);
    expect(response.body).toMatchObject({
      driverId,
      driverName: 'John Smith',
      phoneNumber: '+12192002824',
    });
    expect(response.body.calls.map((c: { call_sid: string }) => c.call_sid)).toEqual([
      second.body.call_sid,
      `EL_${driverId}_${one.timestamp}`,
    ]);
    expect(response.body.calls[1]).toMatchObject({
      status: 'FAILED',
      conversation_id: null,
      call_start_time: expect.any(String),
    });
    const missing = await request(t.url).get('/driver_data/NOBODY').set(auth).expect(404);
    expect(missing.body).toEqual({ detail: 'Driver NOBODY not found' });
  });
});

describe('Part 1: per-user rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CALL_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(() => t.close());

  it('answers 429 with a detail past the limit, per user', async () => {
    const alice = { authorization: `Bearer ${t.token({ sub: 'alice' })}` };
    const bob = { authorization: `Bearer ${t.token({ sub: 'bob' })}` };
    await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(alice)
      .send(callRequest())
      .expect(200);
    await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(alice)
      .send(callRequest())
      .expect(200);
    const limited = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(alice)
      .send(callRequest())
      .expect(429);
    expect(limited.body.detail).toMatch(/Too many calls placed/);
    await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(bob)
      .send(callRequest())
      .expect(200);
  });
});
