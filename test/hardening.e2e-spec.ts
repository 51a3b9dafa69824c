import { randomBytes, scryptSync } from 'node:crypto';
import http from 'node:http';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { UserRole } from '../src/auth/user-role.js';
import { UsersService } from '../src/auth/users.service.js';
import {
  SIMULATOR_AGENT_ID,
  SIMULATOR_API_KEY,
  SIMULATOR_TWILIO_AUTH_TOKEN,
} from '../src/config/app-config.js';
import { callRequest } from './support/call-requests.js';
import { campaignDriver, campaignRequest } from './support/campaign-requests.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';

const PASSWORD = 'correct horse battery staple';
const TWILIO_PATH = '/webhooks/twilio/transcription';

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Hardening: tokens, forged callbacks, opt-outs by number, unlocking, stores and files', () => {
  let t: TestApp;
  let admin: { authorization: string };
  const api = () => request(t.url);
  const login = (email: string, password = PASSWORD) =>
    api().post('/auth/login').send({ email, password });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        JWT_EXPIRES_IN: '3600',
        LOGIN_MAX_FAILURES: '3',
        CALL_RATE_LIMIT_PER_MINUTE: '10000',
        PASSWORD_SCRYPT_LOG_N: '17',
      },
    });
    await t.app.get(UsersService).create('boss@example.com', PASSWORD, UserRole.ADMIN);
    admin = {
      authorization: `Bearer ${(await login('boss@example.com').expect(200)).body.access_token}`,
    };
  });
  afterAll(() => t.close());

  it('reads a bare JWT_EXPIRES_IN as seconds (3600 is an hour, not 3.6 seconds)', async () => {
    const { body } = await login('boss@example.com').expect(200);
    expect(body.expires_in).toBe(3600);
    const { exp, iat } = jwt.decode(body.access_token) as { exp: number; iat: number };
    expect(exp - iat).toBe(3600);
  });

  it('refuses a correctly signed Twilio callback when Twilio is not the live source, storing nothing', async () => {
    const params = {
      TranscriptionEvent: 'transcription-content',
      CallSid: `CA${'1'.repeat(32)}`,
      TranscriptionSid: `GT${'2'.repeat(32)}`,
      Track: 'inbound_track',
      Final: 'true',
      TranscriptionData: JSON.stringify({ transcript: 'forged words' }),
    };
    const signature = webhooks.getExpectedTwilioSignature(
      SIMULATOR_TWILIO_AUTH_TOKEN,
      `${t.url}${TWILIO_PATH}`,
      params,
    );
    const refused = await api()
      .post(TWILIO_PATH)
      .type('form')
      .set('x-twilio-signature', signature)
      .send(params);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/ELEVENLABS_LIVE_SOURCE is not twilio/);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM call_transcriptions WHERE source = 'twilio'`,
    );
    expect(count).toBe(0);
  });

  it('refuses an opted-out number under any driverId, in Part 1, follow-ups and campaigns', async () => {
    // DRV_B was called on the number before DRV_A opted out; its call has open items.
    const before = await api()
      .post('/driver_data/call-elevenlabs')
      .set(admin)
      .send(callRequest({ driverId: 'DRV_HARD_B', phoneNumber: '+12192005555' }))
      .expect(200);
    await api()
      .post('/driver_data/call-elevenlabs')
      .set(admin)
      .send(callRequest({ driverId: 'DRV_HARD_A', phoneNumber: '+1 (219) 200-5555' }))
      .expect(200);
    await waitUntil(
      () => api().get(`/calls/${before.body.call_sid}`).set(admin),
      (response) => response.body.status === 'COMPLETED',
    );
    await api()
      .put('/drivers/DRV_HARD_A/opt-out')
      .set(admin)
      .send({ opted_out: true, reason: 'asked on the phone' })
      .expect(200);

    const again = await api()
      .post('/driver_data/call-elevenlabs')
      .set(admin)
      .send(callRequest({ driverId: 'DRV_HARD_C', phoneNumber: '219-200-5555' }));
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(
      /The number \+1219\*\*\*5555 opted out of calls as driver DRV_HARD_A/,
    );

    const followUp = await api().post(`/calls/${before.body.call_sid}/follow-up`).set(admin);
    expect(followUp.status).toBe(409);
    expect(followUp.body.detail).toMatch(/opted out/);

    const campaign = await api()
      .post('/campaigns')
      .set(admin)
      .send(
        campaignRequest([
          campaignDriver('(219) 200 5555', { driverId: 'DRV_HARD_D' }),
          campaignDriver('+15005550008', { driverId: 'DRV_HARD_E' }),
        ]),
      )
      .expect(201);
    const detail = await api()
      .get(`/campaigns/${campaign.body.campaign_id}`)
      .set(admin)
      .expect(200);
    const state = Object.fromEntries(
      (
        detail.body.drivers as { driver_id: string; state: string; skip_reason: string | null }[]
      ).map((driver) => [driver.driver_id, [driver.state, driver.skip_reason]]),
    );
    expect(state.DRV_HARD_D).toEqual(['skipped', 'opted_out']);
    expect(state.DRV_HARD_E?.[1]).toBeNull();
    await api().post(`/campaigns/${campaign.body.campaign_id}/cancel`).set(admin).expect(200);

    // Made callable again by an admin, the number may be rung again.
    await api()
      .put('/drivers/DRV_HARD_A/opt-out')
      .set(admin)
      .send({ opted_out: false })
      .expect(200);
    await api()
      .post('/driver_data/call-elevenlabs')
      .set(admin)
      .send(callRequest({ driverId: 'DRV_HARD_C', phoneNumber: '219-200-5555' }))
      .expect(200);
  });

  it('refuses a webhook without a well-formed signature before reading its body', async () => {
    const { port } = new URL(t.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/webhooks/elevenlabs/post-call',
        headers: { 'content-type': 'application/json', 'content-length': 40 * 1024 * 1024 },
      });
      req.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      });
      req.on('error', reject);
      // Only the start of the 40 MB body is ever sent: the answer must not wait for the rest.
      req.write('{"type": "post_call_transcription", "data": {');
      setTimeout(() => reject(new Error('the server waited for the body')), 5000).unref();
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({
      detail: 'Invalid webhook signature: Missing signature header',
    });
  });

  it('lets an admin lift a login lockout, audited as user.unlocked', async () => {
    const created = await api()
      .post('/users')
      .set(admin)
      .send({ email: 'locked@example.com', password: PASSWORD, role: 'dispatcher' })
      .expect(201);
    for (let i = 0; i < 3; i += 1)
      await login('locked@example.com', 'wrong password!!').expect(401);
    await login('locked@example.com').expect(429);

    const dispatcher = {
      authorization: `Bearer ${t.token({ sub: 'svc-dispatch', role: 'dispatcher' })}`,
    };
    await api().post(`/users/${created.body.id}/unlock`).set(dispatcher).expect(403);
    await api().post('/users/999999/unlock').set(admin).expect(404);
    await api().post('/users/abc/unlock').set(admin).expect(400);
    await api().post(`/users/${created.body.id}/unlock`).set(admin).expect(204);
    await login('locked@example.com').expect(200);

    const audit = await api().get('/audit?action=user.unlocked').set(admin).expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      action: 'user.unlocked',
      target: `user:${created.body.id} (locked@example.com)`,
      detail: { failures_cleared: 4 },
    });
  });

  it('replaces a hash made at the old scrypt cost at the next sign-in', async () => {
    const salt = randomBytes(16);
    const old = scryptSync(PASSWORD, salt, 64, { N: 16384, r: 8, p: 1 });
    const oldHash = ['scrypt', 16384, 8, 1, salt.toString('base64'), old.toString('base64')].join(
      '$',
    );
    await t.dataSource.query(
      `INSERT INTO users (email, password_hash, role) VALUES ('old@example.com', $1, 'dispatcher')`,
      [oldHash],
    );
    await login('old@example.com').expect(200);
    const [{ password_hash: upgraded }] = await t.dataSource.query(
      `SELECT password_hash FROM users WHERE email = 'old@example.com'`,
    );
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    await login('old@example.com').expect(200);
    await login('old@example.com', 'not the password!').expect(401);
  });

  it('serves only the browser files the console loads under /vendor/', async () => {
    await api().get('/vendor/chart.js/chart.umd.min.js').expect(200);
    await api().get('/vendor/papaparse/papaparse.min.js').expect(200);
    for (const path of [
      '/vendor/papaparse/package.json',
      '/vendor/papaparse/papaparse.js',
      '/vendor/chart.js/chart.cjs',
      '/vendor/chart.js/chart.umd.min.js/x',
    ])
      expect((await api().get(path)).status).toBe(404);
  });

  it("ignores prototype keys in the simulator's agent store", async () => {
    const agentUrl = `${t.simulator.url}/v1/convai/agents/${SIMULATOR_AGENT_ID}`;
    const patched = await fetch(agentUrl, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'xi-api-key': SIMULATOR_API_KEY },
      body: '{"__proto__": {"polluted": true}, "conversation_config": {"constructor": {"prototype": {"polluted": true}}}}',
    });
    expect(patched.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('Hardening: issuer and audience, follow-ups under the call rate limit', () => {
  let t: TestApp;
  const api = () => request(t.url);

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        JWT_ISSUER: 'dispatch-voice',
        JWT_AUDIENCE: 'dispatch-api',
        CALL_RATE_LIMIT_PER_MINUTE: '2',
      },
    });
  });
  afterAll(() => t.close());

  it('requires JWT_ISSUER and JWT_AUDIENCE when set, and puts them in its own tokens', async () => {
    const sign = (claims: Record<string, unknown>) =>
      jwt.sign({ sub: 'svc-other', role: 'dispatcher', ...claims }, TEST_JWT_SECRET, {
        algorithm: 'HS256',
        expiresIn: '5m',
      });
    const noClaims = await api()
      .get('/calls')
      .set('authorization', `Bearer ${sign({})}`);
    expect(noClaims.status).toBe(401);
    expect(noClaims.body.detail).toBe('Token audience is not accepted');
    const wrongAudience = await api()
      .get('/calls')
      .set('authorization', `Bearer ${sign({ iss: 'dispatch-voice', aud: 'elsewhere' })}`);
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.body.detail).toBe('Token audience is not accepted');
    const wrongIssuer = await api()
      .get('/calls')
      .set('authorization', `Bearer ${sign({ iss: 'someone-else', aud: 'dispatch-api' })}`);
    expect(wrongIssuer.status).toBe(401);
    expect(wrongIssuer.body.detail).toBe('Token issuer is not accepted');
    await api()
      .get('/calls')
      .set('authorization', `Bearer ${sign({ iss: 'dispatch-voice', aud: 'dispatch-api' })}`)
      .expect(200);

    await t.app.get(UsersService).create('issuer@example.com', PASSWORD, UserRole.DISPATCHER);
    const { body } = await api()
      .post('/auth/login')
      .send({ email: 'issuer@example.com', password: PASSWORD })
      .expect(200);
    expect(jwt.decode(body.access_token)).toMatchObject({
      iss: 'dispatch-voice',
      aud: 'dispatch-api',
    });
    await api().get('/calls').set('authorization', `Bearer ${body.access_token}`).expect(200);
  });

  it('counts follow-up calls against the same per-user limit as Part 1', async () => {
    const user = { authorization: `Bearer ${sign('svc-rate')}` };
    const first = await api()
      .post('/driver_data/call-elevenlabs')
      .set(user)
      .send(callRequest({ phoneNumber: '+15005550006' }))
      .expect(200);
    await api().post('/driver_data/call-elevenlabs').set(user).send(callRequest()).expect(200);
    await waitUntil(
      () => api().get(`/calls/${first.body.call_sid}`).set(user),
      (response) => response.body.status !== 'IN_PROGRESS',
    );
    const followUp = await api().post(`/calls/${first.body.call_sid}/follow-up`).set(user);
    expect(followUp.status).toBe(429);
    expect(followUp.headers['retry-after']).toBeDefined();
    expect(followUp.body.detail).toMatch(/Too many calls placed/);
  });

  function sign(sub: string): string {
    return jwt.sign(
      { sub, role: 'dispatcher', iss: 'dispatch-voice', aud: 'dispatch-api' },
      TEST_JWT_SECRET,
      {
        algorithm: 'HS256',
        expiresIn: '5m',
      },
    );
  }
});
