import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { UsersService } from '../src/auth/users.service.js';
import { UserRole } from '../src/auth/user-role.js';
import { FORGED_TOKENS } from './support/forged-tokens.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';

describe('foundation: auth, errors, health, docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app
      .get(UsersService)
      .create('Dispatcher@Example.com', 'correct horse battery', UserRole.DISPATCHER);
  });
  afterAll(() => t.close());

  it('answers /health with 200 while the database answers', async () => {
    const response = await request(t.url).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('logs in a built-in user and the token opens the API', async () => {
    const login = await request(t.url)
      .post('/auth/login')
      .send({ email: 'dispatcher@example.com', password: 'correct horse battery' })
      .expect(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 12 * 3600 });
    const claims = jwt.verify(login.body.access_token, TEST_JWT_SECRET) as {
      sub: string;
      role: string;
      exp: number;
    };
    expect(claims.role).toBe('dispatcher');
    await request(t.url)
      .get('/calls')
      .set('authorization', `Bearer ${login.body.access_token}`)
      .expect(200);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await request(t.url)
      .post('/auth/login')
      .send({ email: 'dispatcher@example.com', password: 'nope' })
      .expect(401);
    const unknown = await request(t.url)
      .post('/auth/login')
      .send({ email: 'ghost@example.com', password: 'nope' })
      .expect(401);
    expect(wrong.body).toEqual({ detail: 'Invalid email or password' });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('accepts tokens minted elsewhere with the same secret', async () => {
    await request(t.url)
      .get('/calls')
      .set('authorization', `Bearer ${t.token({ sub: 'billing-service', role: 'admin' })}`)
      .expect(200);
    await request(t.url)
      .get('/calls')
      .set('authorization', `Bearer ${t.token({ role: undefined })}`)
      .expect(200);
  });

  it.each(FORGED_TOKENS)('refuses %s with 401 and a detail', async (_name, token) => {
    const value = token();
    const call = request(t.url).get('/calls');
    if (value !== undefined) call.set('authorization', `Bearer ${value}`);
    const response = await call.expect(401);
    expect(typeof response.body.detail).toBe('string');
    expect(Object.keys(response.body)).toEqual(['detail']);
  });

  it('shapes every error as {"detail": ...}', async () => {
    const auth = { authorization: `Bearer ${t.token()}` };
    expect((await request(t.url).get('/no/such/route').set(auth).expect(404)).body).toEqual({
      detail: 'No endpoint GET /no/such/route; the API is described at /docs',
    });
    // Not Express's "Cannot POST …", and the same without a token.
    expect((await request(t.url).post('/nothing').expect(404)).body).toEqual({
      detail: 'No endpoint POST /nothing; the API is described at /docs',
    });
    const malformed = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .set('content-type', 'application/json')
      .send('{"callType": ')
      .expect(400);
    expect(malformed.body).toEqual({ detail: 'Malformed JSON in request body' });
    const tooLarge = await request(t.url)
      .post('/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(tooLarge.body).toEqual({ detail: 'Request body too large' });
    const invalid = await request(t.url)
      .post('/auth/login')
      .send({ email: 'not-an-email', password: 'x', extra: 1 })
      .expect(400);
    expect(invalid.body.detail).toMatch(/email/);
  });

  it('serves Swagger UI and an OpenAPI document covering every route with bearer auth', async () => {
    await request(t.url).get('/docs').expect(200).expect('content-type', /html/);
    const { body } = await request(t.url).get('/docs-json').expect(200);
    expect(body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const path of [
      '/auth/login',
      '/driver_data/call-elevenlabs',
      '/driver_data/{driver_id}',
      '/webhooks/elevenlabs/transcription',
      '/webhooks/elevenlabs/post-call',
      '/driver_data/conversations/{conversation_id}/fetch',
      '/conversations/{conversation_id}/fetch',
      '/calls',
      '/calls/{identifier}',
      '/health',
    ]) {
      expect(body.paths).toHaveProperty([path]);
    }
    expect(body.paths['/driver_data/call-elevenlabs'].post.responses).toHaveProperty(['400']);
  });

  it('sets security headers and a request id', async () => {
    const response = await request(t.url).get('/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests and closes WebSockets with 1001', async () => {
    const { connectWs } = await import('./support/ws-client.js');
    const t = await startTestApp();
    // The simulator's agent is synced first (six requests since callbacks): only the dial is slow.
    await t.app.get(ElevenLabsEndpoint).ready;
    const ws = await connectWs(t.wsUrl, t.token());
    t.simulator.setFaults({ latencyMs: 400 });
    const inFlight = request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set('authorization', `Bearer ${t.token()}`)
      .send((await import('./support/call-requests.js')).callRequest());
    const response = inFlight.then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = t.close();
    expect((await response).status).toBe(200);
    expect((await ws.closed).code).toBe(1001);
    await closing;
  });
});
