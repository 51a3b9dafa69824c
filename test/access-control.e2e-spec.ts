import jwt from 'jsonwebtoken';
import request from 'supertest';
import { UserRole } from '../src/auth/user-role.js';
import { UsersService } from '../src/auth/users.service.js';
import { campaignDriver, campaignRequest } from './support/campaign-requests.js';
import { callRequest } from './support/call-requests.js';
import { statementsOf } from './support/statements.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { connectWs } from './support/ws-client.js';

const PASSWORD = 'correct horse battery staple';

function windowLater(): { start: string; end: string } {
  const at = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString().slice(11, 16);
  return { start: at(3), end: at(4) };
}

describe('Who may do what: roles, users, disabled users, the audit trail', () => {
  let t: TestApp;
  let admin: { authorization: string };
  let adminToken: string;

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const api = () => request(t.url);
  const login = (email: string, password = PASSWORD) =>
    api().post('/auth/login').send({ email, password });
  const auditOf = async (query: Record<string, string>) =>
    (
      await api()
        .get(`/audit?${new URLSearchParams(query)}`)
        .set(admin)
        .expect(200)
    ).body as {
      entries: Record<string, unknown>[];
      next_cursor: string | null;
    };

  async function addUser(email: string, role: 'admin' | 'dispatcher') {
    const created = await api().post('/users').set(admin).send({ email, password: PASSWORD, role });
    expect(created.status).toBe(201);
    const signedIn = await login(email).expect(200);
    return { id: created.body.id as number, token: signedIn.body.access_token as string };
  }

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_MAX_FAILURES: '50', LOGIN_MAX_FAILURES_PER_ADDRESS: '500' },
    });
    // The first admin comes from the shell, as on a real deployment.
    const { user } = await t.app
      .get(UsersService)
      .create('boss@example.com', PASSWORD, UserRole.ADMIN);
    expect(user.role).toBe('admin');
    adminToken = (await login('boss@example.com').expect(200)).body.access_token;
    admin = bearer(adminToken);
  });
  afterAll(() => t.close());

  it('lets an admin add a user with a generated password, shown once and never kept in clear', async () => {
    const created = await api()
      .post('/users')
      .set(admin)
      .send({ email: 'New.Dispatcher@Example.com', role: 'dispatcher' })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      email: 'new.dispatcher@example.com',
      role: 'dispatcher',
      created_at: expect.stringMatching(/Z$/),
      disabled: false,
      phone_number: null,
      on_duty: false,
      on_duty_until: null,
      languages: ['en'],
      password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
    });
    const generated = created.body.password as string;
    const token = (await login('new.dispatcher@example.com', generated).expect(200)).body
      .access_token as string;
    expect(jwt.verify(token, TEST_JWT_SECRET)).toMatchObject({
      sub: String(created.body.id),
      role: 'dispatcher',
    });
    const users = await api().get('/users').set(admin).expect(200);
    const listed = (users.body.users as Record<string, unknown>[]).find(
      (user) => user.id === created.body.id,
    );
    expect(listed).toEqual({ ...created.body, password: undefined });
    expect(JSON.stringify(users.body)).not.toContain(generated);
    const [entry] = (await auditOf({ action: 'user.created' })).entries;
    expect(entry).toMatchObject({
      actor: 'boss@example.com',
      role: 'admin',
      action: 'user.created',
      target: `user:${created.body.id} (new.dispatcher@example.com)`,
      detail: { role: 'dispatcher' },
      client_ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    const { rows } = { rows: await t.dataSource.query('SELECT password_hash FROM users') };
    expect(JSON.stringify(rows)).not.toContain(generated);
    expect(JSON.stringify((await auditOf({})).entries)).not.toContain(generated);
  });

  it('refuses bad users with a 400 that says why, and a taken email with 409', async () => {
    const cases: [object, RegExp][] = [
      [{ email: 'a@example.com', role: 'root' }, /role must be one of: admin, dispatcher/],
      [{ email: 'nope', role: 'dispatcher' }, /email must be an email address/],
      [{ email: 'b@example.com', role: 'dispatcher', password: 'short' }, /at least 12/],
      [
        { email: 'carol.long@example.com', role: 'dispatcher', password: 'Carol.Long@Example.com' },
        /must not be the email/,
      ],
      [{ email: 'd@example.com', role: 'dispatcher', extra: 1 }, /property extra should not exist/],
    ];
    for (const [body, detail] of cases) {
      const refused = await api().post('/users').set(admin).send(body).expect(400);
      expect(refused.body.detail).toMatch(detail);
    }
    await api()
      .post('/users')
      .set(admin)
      .send({ email: 'boss@example.com', role: 'dispatcher' })
      .expect(409);
    await api().patch('/users/abc').set(admin).send({ role: 'admin' }).expect(400);
    await api().patch('/users/99999999999').set(admin).send({ role: 'admin' }).expect(400);
    await api().patch('/users/999999').set(admin).send({ role: 'admin' }).expect(404);
    const { id } = await addUser('empty.patch@example.com', 'dispatcher');
    const empty = await api().patch(`/users/${id}`).set(admin).send({}).expect(400);
    expect(empty.body.detail).toMatch(/Give role, disabled, phone_number, on_duty or languages/);
  });

  it('answers dispatchers 403 with a detail on admin routes, and lets them do the rest', async () => {
    const { token } = await addUser('plain.dispatcher@example.com', 'dispatcher');
    const dispatcher = bearer(token);
    for (const [method, path] of [
      ['get', '/users'],
      ['post', '/users'],
      ['patch', '/users/1'],
      ['get', '/audit'],
      ['post', '/agent/sync'],
    ] as const) {
      const refused = await api()[method](path).set(dispatcher).send({}).expect(403);
      expect(refused.body).toEqual({
        detail: 'Only admins may do this; you are signed in as a dispatcher',
      });
    }
    await api().get('/calls').set(dispatcher).expect(200);
    await api().get('/campaigns').set(dispatcher).expect(200);
    const optOut = (body: object, who: Record<string, string>) =>
      api().put('/drivers/DRV_AC_1/opt-out').set(who).send(body);
    await optOut({ opted_out: true, reason: 'asked' }, dispatcher).expect(200);
    const back = await optOut({ opted_out: false }, dispatcher).expect(403);
    expect(back.body.detail).toMatch(/Only admins may make driver DRV_AC_1 callable again/);
    await optOut({ opted_out: false }, admin).expect(200);
    const changes = (await auditOf({ action: 'opt_out.changed' })).entries.filter(
      (entry) => entry.target === 'driver:DRV_AC_1',
    );
    expect(changes.map((entry) => [entry.actor, entry.detail])).toEqual([
      ['boss@example.com', { opted_out: false, reason: null, source: 'dispatcher' }],
      ['plain.dispatcher@example.com', { opted_out: true, reason: 'asked', source: 'dispatcher' }],
    ]);
  });

  it('applies a role change at once, to tokens issued before it', async () => {
    const { id, token } = await addUser('promoted@example.com', 'dispatcher');
    await api().get('/users').set(bearer(token)).expect(403);
    const promoted = await api()
      .patch(`/users/${id}`)
      .set(admin)
      .send({ role: 'admin' })
      .expect(200);
    expect(promoted.body).toMatchObject({ id, role: 'admin', disabled: false });
    await api().get('/users').set(bearer(token)).expect(200);
    await api().patch(`/users/${id}`).set(admin).send({ role: 'dispatcher' }).expect(200);
    await api().get('/users').set(bearer(token)).expect(403);
    const changes = (await auditOf({ action: 'user.role_changed' })).entries.slice(0, 2);
    expect(changes.map((entry) => entry.detail)).toEqual([
      { from: 'admin', to: 'dispatcher' },
      { from: 'dispatcher', to: 'admin' },
    ]);
  });

  it("checks a signed-in user's token without a database round trip of its own", async () => {
    const { token } = await addUser('cached@example.com', 'dispatcher');
    await api().get('/drivers?limit=1').set(bearer(token)).expect(200);
    const statements = await statementsOf(t.dataSource, () =>
      api().get('/drivers?limit=1').set(bearer(token)).expect(200),
    );
    expect(statements.length).toBeGreaterThan(0); // the page's own query
    expect(statements.filter(({ sql }) => /"users"/.test(sql))).toEqual([]);
  });

  it('refuses a disabled user everywhere at once; re-enabling needs a new login', async () => {
    const { id, token } = await addUser('fired@example.com', 'dispatcher');
    const minted = jwt.sign({ sub: String(id), role: 'admin' }, TEST_JWT_SECRET, {
      algorithm: 'HS256',
      expiresIn: '1h',
    });
    await api().get('/calls').set(bearer(minted)).expect(200);
    const open = await connectWs(t.wsUrl, token);
    open.send({ subscribe: 'EL_NOBODY_2025-01-01T00:00:00Z' });
    await open.waitFor((m) => m.type === 'error');

    await api().patch(`/users/${id}`).set(admin).send({ disabled: true }).expect(200);

    expect(await open.closed).toEqual({ code: 4401, reason: 'Authentication failed' });
    expect(open.messages.at(-1)).toEqual({
      type: 'error',
      code: 'AUTHENTICATION_FAILED',
      message: 'Token has been revoked',
    });
    for (const old of [token, minted]) {
      const refused = await api().get('/calls').set(bearer(old)).expect(401);
      expect(refused.body).toEqual({ detail: 'Token has been revoked' });
      const socket = await connectWs(t.wsUrl, old);
      expect((await socket.closed).code).toBe(4401);
    }
    const wrong = await login('fired@example.com', 'not the password at all').expect(401);
    const disabled = await login('fired@example.com').expect(401);
    expect(disabled.body).toEqual(wrong.body);

    await api().patch(`/users/${id}`).set(admin).send({ disabled: false }).expect(200);
    await api().get('/calls').set(bearer(token)).expect(401);
    const fresh = (await login('fired@example.com').expect(200)).body.access_token as string;
    await api().get('/calls').set(bearer(fresh)).expect(200);
    const trail = (await auditOf({ actor: 'fired@example.com' })).entries;
    expect(trail.map((entry) => [entry.action, entry.detail])).toEqual([
      ['login.succeeded', {}],
      ['login.failed', { reason: 'disabled' }],
      ['login.failed', { reason: 'wrong_password' }],
      ['login.succeeded', {}],
    ]);
    const toggles = (await auditOf({ actor: 'boss@example.com' })).entries
      .filter((entry) => entry.target === `user:${id} (fired@example.com)`)
      .map((entry) => entry.action);
    expect(toggles).toEqual(['user.enabled', 'user.disabled', 'user.created']);
  });

  it('never leaves the team without an enabled admin', async () => {
    const me = (jwt.decode(adminToken) as { sub: string }).sub;
    const admins = (await api().get('/users').set(admin)).body.users.filter(
      (user: { role: string; disabled: boolean }) => user.role === 'admin' && !user.disabled,
    );
    expect(admins.map((user: { id: number }) => String(user.id))).toEqual([me]);
    const refused = await api()
      .patch(`/users/${me}`)
      .set(admin)
      .send({ disabled: true })
      .expect(409);
    expect(refused.body.detail).toMatch(/no enabled admin/);
    await api().patch(`/users/${me}`).set(admin).send({ role: 'dispatcher' }).expect(409);
    await api().get('/users').set(admin).expect(200);
  });

  it('changes one’s own password under the policy; older tokens stop working', async () => {
    const { token } = await addUser('rotating@example.com', 'dispatcher');
    const change = (body: object, who = bearer(token)) =>
      api().post('/auth/password').set(who).send(body);
    const cases: [object, RegExp][] = [
      [
        { current_password: 'wrong one, surely', new_password: 'a brand new passphrase' },
        /current_password is not correct/,
      ],
      [{ current_password: PASSWORD, new_password: 'too short' }, /at least 12/],
      [
        { current_password: PASSWORD, new_password: 'rotating@example.com' },
        /must not be the email/,
      ],
      [{ current_password: PASSWORD }, /new_password must be a string/],
    ];
    for (const [body, detail] of cases) {
      expect((await change(body).expect(400)).body.detail).toMatch(detail);
    }
    const changed = await change({
      current_password: PASSWORD,
      new_password: 'a brand new passphrase',
    }).expect(200);
    expect(changed.body).toMatchObject({ token_type: 'Bearer' });
    await api().get('/calls').set(bearer(token)).expect(401);
    await api().get('/calls').set(bearer(changed.body.access_token)).expect(200);
    await login('rotating@example.com').expect(401);
    await login('rotating@example.com', 'a brand new passphrase').expect(200);
    const external = await change(
      { current_password: PASSWORD, new_password: 'a brand new passphrase' },
      bearer(t.token()),
    ).expect(400);
    expect(external.body.detail).toMatch(/minted by another service/);
    const [entry] = (await auditOf({ action: 'password.changed' })).entries;
    expect(entry).toMatchObject({ actor: 'rotating@example.com', detail: {} });
    expect(JSON.stringify(entry)).not.toContain('passphrase');
  });

  it('answers "who did this" for campaigns and agent syncs, and pages and filters the trail', async () => {
    const created = await api()
      .post('/campaigns')
      .set(admin)
      // A window that opens later: nothing is dialled, so the campaign stays open to pause.
      .send(campaignRequest([campaignDriver()], { calling_window: windowLater() }))
      .expect(201);
    const campaignId = created.body.campaign_id as string;
    await api().post(`/campaigns/${campaignId}/pause`).set(admin).expect(200);
    await api().post(`/campaigns/${campaignId}/pause`).set(admin).expect(200);
    await api().post(`/campaigns/${campaignId}/cancel`).set(admin).expect(200);
    const onCampaign = (await auditOf({ actor: 'boss@example.com' })).entries.filter(
      (entry) => entry.target === campaignId,
    );
    expect(onCampaign.map((entry) => entry.action)).toEqual([
      'campaign.cancelled',
      'campaign.paused',
      'campaign.created',
    ]);
    const dry = await api().post('/agent/sync?dry_run=true').set(admin).expect(200);
    expect(dry.body).toMatchObject({ dry_run: true, updated: false, changes: [] });
    const synced = await api().post('/agent/sync').set(admin).expect(200);
    expect(synced.body).toMatchObject({ agent_id: expect.any(String), dry_run: false });
    const [sync] = (await auditOf({ action: 'agent.synced' })).entries;
    expect(sync).toMatchObject({ actor: 'boss@example.com', target: synced.body.agent_id });
    await api().post('/agent/sync?dry_run=maybe').set(admin).expect(400);

    const placed = await api()
      .post('/driver_data/call-elevenlabs')
      .set(admin)
      .send(callRequest({ phoneNumber: '+15005550006' }))
      .expect(200);
    const [call] = (await auditOf({ action: 'call.placed', actor: 'boss@example.com' })).entries;
    expect(call).toMatchObject({ target: placed.body.call_sid, detail: { phone: '+1500***0006' } });

    const first = await auditOf({ limit: '3' });
    expect(first.entries).toHaveLength(3);
    const second = await auditOf({ limit: '3', cursor: first.next_cursor! });
    const ats = [...first.entries, ...second.entries].map((entry) =>
      Date.parse(entry.at as string),
    );
    expect(ats).toEqual([...ats].sort((a, b) => b - a));
    expect(new Set([...first.entries, ...second.entries].map((e) => JSON.stringify(e))).size).toBe(
      6,
    );
    const future = await auditOf({ from: new Date(Date.now() + 60_000).toISOString() });
    expect(future.entries).toEqual([]);
    const past = await auditOf({ to: '2000-01-01T00:00:00Z' });
    expect(past.entries).toEqual([]);
    for (const bad of <Record<string, string>[]>[
      { action: 'call.deleted' },
      { from: 'yesterday' },
      { cursor: 'bm9wZQ' },
      { limit: '0' },
    ]) {
      expect(
        (
          await api()
            .get(`/audit?${new URLSearchParams(bad)}`)
            .set(admin)
            .expect(400)
        ).body.detail,
      ).toEqual(expect.any(String));
    }
  });
});
