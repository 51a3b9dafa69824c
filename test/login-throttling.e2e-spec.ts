import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { UserRole } from '../src/auth/user-role.js';
import { UsersService } from '../src/auth/users.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PASSWORD = 'correct horse battery staple';
const WINDOW_SECONDS = 3;

describe('Login throttling: per account and per client address', () => {
  let t: TestApp;
  let addressCounter = 0;
  /** A client address of its own (TRUST_PROXY=loopback lets the test say it). */
  const newAddress = () => `198.51.100.${(addressCounter += 1)}`;
  const login = (email: string, password: string, address: string) =>
    request(t.url).post('/auth/login').set('x-forwarded-for', address).send({ email, password });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_MAX_FAILURES: '5',
        LOGIN_MAX_FAILURES_PER_ADDRESS: '10',
        LOGIN_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS),
        TRUST_PROXY: 'loopback',
      },
    });
    const users = t.app.get(UsersService);
    for (const email of ['known@example.com', 'racer@example.com', 'office@example.com'])
      await users.create(email, PASSWORD, UserRole.DISPATCHER);
  });
  afterAll(() => t.close());

  it('stops a guesser after five failures, even with the right password, known email or not', async () => {
    for (const email of ['known@example.com', 'ghost@example.com']) {
      const address = newAddress();
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const wrong = await login(email, `guess number ${attempt}`, address).expect(401);
        expect(wrong.body).toEqual({ detail: 'Invalid email or password' });
      }
      const stopped = await login(email, PASSWORD, newAddress()).expect(429);
      expect(stopped.body).toEqual({
        detail: expect.stringMatching(
          /^Too many failed sign-ins for this account; try again in [1-3] s$/,
        ),
      });
      expect(Number(stopped.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(stopped.headers['retry-after'])).toBeLessThanOrEqual(WINDOW_SECONDS);
    }
    const audit = await request(t.url)
      .get('/audit?action=login.throttled')
      .set({ authorization: `Bearer ${t.token({ role: 'admin' })}` })
      .expect(200);
    expect(
      audit.body.entries.map((entry: Record<string, unknown>) => [
        entry.actor,
        (entry.detail as { limit: string }).limit,
      ]),
    ).toEqual([
      ['ghost@example.com', 'account'],
      ['known@example.com', 'account'],
    ]);
    await sleep(WINDOW_SECONDS * 1000 + 200);
    await login('known@example.com', PASSWORD, newAddress()).expect(200);
  });

  it('lets at most five of thirty parallel guesses reach the password check', async () => {
    const address = newAddress();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        login('racer@example.com', `parallel guess ${index}`, address),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
  });

  it('limits one address hammering many accounts, not the others', async () => {
    const hammer = newAddress();
    for (let account = 1; account <= 10; account += 1) {
      await login(`victim${account}@example.com`, 'a guessed password', hammer).expect(401);
    }
    const stopped = await login('office@example.com', PASSWORD, hammer).expect(429);
    expect(stopped.body.detail).toMatch(/^Too many failed sign-ins from this address/);
    await login('office@example.com', PASSWORD, newAddress()).expect(200);
  });

  it('counts an IPv6 /64 as one address: rotating through it buys no extra guesses', async () => {
    const network = `2001:db8:${(addressCounter += 1).toString(16)}:7`;
    for (let account = 1; account <= 10; account += 1) {
      const rotated = `${network}:${account.toString(16)}:0:0:${(account * 7).toString(16)}`;
      await login(`v6victim${account}@example.com`, 'a guessed password', rotated).expect(401);
    }
    // Another address of the same /64, written the short way, is still the same client.
    const stopped = await login('office@example.com', PASSWORD, `${network}::beef`).expect(429);
    expect(stopped.body.detail).toMatch(/^Too many failed sign-ins from this address/);
    // A neighbouring /64 is someone else.
    await login('office@example.com', PASSWORD, `${network.slice(0, -1)}8::1`).expect(200);
  });

  it('gives an address its point back when a sign-in succeeds, so an office is not locked out', async () => {
    const office = newAddress();
    for (let day = 1; day <= 15; day += 1) {
      await login('office@example.com', PASSWORD, office).expect(200);
    }
    const audit = await request(t.url)
      .get('/audit?actor=office@example.com&action=login.succeeded&limit=200')
      .set({ authorization: `Bearer ${t.token({ role: 'admin' })}` })
      .expect(200);
    const fromOffice = audit.body.entries.filter(
      (entry: { client_ip: string }) => entry.client_ip === office,
    );
    expect(fromOffice).toHaveLength(15);
  });
});
