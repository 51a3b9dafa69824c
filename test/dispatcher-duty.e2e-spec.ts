import request from 'supertest';
import { UserRole } from '../src/auth/user-role.js';
import { UsersService } from '../src/auth/users.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('Dispatchers on duty: who takes a transferred call', () => {
  let t: TestApp;
  let me: { authorization: string };
  let admin: { authorization: string };
  let dispatcherId: number;
  const api = () => request(t.url);

  async function signIn(email: string, password: string) {
    const answer = await api().post('/auth/login').send({ email, password }).expect(200);
    return { authorization: `Bearer ${answer.body.access_token as string}` };
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { ON_DUTY_HOURS: '12' } });
    const users = t.app.get(UsersService);
    dispatcherId = (await users.create('duty@example.com', 'correct horse battery')).user.id;
    await users.create('chief@example.com', 'the chief dispatcher', UserRole.ADMIN);
    me = await signIn('duty@example.com', 'correct horse battery');
    admin = await signIn('chief@example.com', 'the chief dispatcher');
  });
  afterAll(() => t.close());

  it('starts off duty, with no phone, taking English calls', async () => {
    const self = await api().get('/users/me').set(me).expect(200);
    expect(self.body).toMatchObject({
      id: dispatcherId,
      email: 'duty@example.com',
      phone_number: null,
      on_duty: false,
      on_duty_until: null,
      languages: ['en'],
    });
  });

  it('goes on duty for ON_DUTY_HOURS with a phone, and off again', async () => {
    await api()
      .patch('/users/me')
      .set(me)
      .send({ on_duty: true })
      .expect(400, { detail: 'Give a phone_number to go on duty: transferred calls ring it' });
    const before = Date.now();
    const on = await api()
      .patch('/users/me')
      .set(me)
      .send({ phone_number: '(219) 555-0123', on_duty: true, languages: ['en', 'es'] })
      .expect(200);
    expect(on.body).toMatchObject({
      phone_number: '+12195550123',
      on_duty: true,
      languages: ['en', 'es'],
    });
    const until = Date.parse(on.body.on_duty_until);
    expect(until - before).toBeGreaterThanOrEqual(12 * 3_600_000 - 1000);
    expect(until - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);
    // Without a phone nobody can be put through: off duty with it.
    const cleared = await api().patch('/users/me').set(me).send({ phone_number: null }).expect(200);
    expect(cleared.body).toMatchObject({ phone_number: null, on_duty: false });
  });

  it('lapses after ON_DUTY_HOURS, so a forgotten flag routes nothing', async () => {
    await api()
      .patch('/users/me')
      .set(me)
      .send({ phone_number: '+12195550123', on_duty: true })
      .expect(200);
    await t.dataSource.query(
      `UPDATE users SET on_duty_since = now() - interval '13 hours' WHERE id = $1`,
      [dispatcherId],
    );
    const lapsed = await api().get('/users/me').set(me).expect(200);
    expect(lapsed.body).toMatchObject({ on_duty: false, on_duty_until: null });
  });

  it('refuses what it cannot store, with a detail', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /Give phone_number, on_duty or languages/],
      [{ phone_number: '555' }, /phone_number must be a valid phone number/],
      [{ languages: ['fr'] }, /languages must be a list of en and es/],
      [{ languages: [] }, /languages must name at least one language/],
      [{ languages: ['en', 'en'] }, /languages must not repeat a language/],
      [{ on_duty: 'yes' }, /on_duty must be true or false/],
    ];
    for (const [body, detail] of cases) {
      const answer = await api().patch('/users/me').set(me).send(body).expect(400);
      expect(answer.body.detail).toMatch(detail);
    }
    // A token minted by another service is nobody's duty here.
    const other = { authorization: `Bearer ${t.token()}` };
    const refused = await api().patch('/users/me').set(other).send({ on_duty: false }).expect(400);
    expect(refused.body.detail).toMatch(/another service/);
  });

  it('lets an admin set anyone’s duty (audited), and no one else', async () => {
    await api().patch(`/users/${dispatcherId}`).set(me).send({ on_duty: false }).expect(403);
    const set = await api()
      .patch(`/users/${dispatcherId}`)
      .set(admin)
      .send({ phone_number: '+12195550124', on_duty: true, languages: ['es'] })
      .expect(200);
    expect(set.body).toMatchObject({
      phone_number: '+12195550124',
      on_duty: true,
      languages: ['es'],
    });
    const listed = await api().get('/users').set(admin).expect(200);
    expect(listed.body.users).toContainEqual(
      expect.objectContaining({ id: dispatcherId, on_duty: true, languages: ['es'] }),
    );
    const audit = await api().get('/audit?action=user.duty_changed').set(admin).expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      actor: 'chief@example.com',
      target: `user:${dispatcherId}`,
      detail: {
        after: { phone: '+1219***0124', on_duty: true, languages: ['es'] },
      },
    });
  });
});
