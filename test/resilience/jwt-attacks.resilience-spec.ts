import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { send } from '../support/http-client.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app.js';
import { connectWs } from '../support/ws-client.js';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const attacks: [string, () => string][] = [
  ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', exp: now() + 600 })}.`],
  [
    'alg none, upper case',
    () => `${b64({ alg: 'NONE', typ: 'JWT' })}.${b64({ sub: 'x', exp: now() + 600 })}.`,
  ],
  [
    'another algorithm (HS384)',
    () => jwt.sign({ sub: 'x' }, TEST_JWT_SECRET, { algorithm: 'HS384', expiresIn: 600 }),
  ],
  [
    'another algorithm (RS256)',
    () => jwt.sign({ sub: 'x' }, privateKey, { algorithm: 'RS256', expiresIn: 600 }),
  ],
  [
    'a tampered payload',
    () => {
      const [header, , signature] = jwt
        .sign({ sub: 'x', role: 'dispatcher' }, TEST_JWT_SECRET, {
          algorithm: 'HS256',
          expiresIn: 600,
        })
        .split('.');
      return `${header}.${b64({ sub: 'x', role: 'admin', exp: now() + 600 })}.${signature}`;
    },
  ],
  [
    'an expired token',
    () => jwt.sign({ sub: 'x', exp: now() - 1 }, TEST_JWT_SECRET, { algorithm: 'HS256' }),
  ],
  [
    'nbf in the future',
    () =>
      jwt.sign({ sub: 'x', nbf: now() + 300 }, TEST_JWT_SECRET, {
        algorithm: 'HS256',
        expiresIn: 600,
      }),
  ],
  ['a missing exp', () => jwt.sign({ sub: 'x' }, TEST_JWT_SECRET, { algorithm: 'HS256' })],
  [
    'the wrong secret',
    () => jwt.sign({ sub: 'x' }, `${TEST_JWT_SECRET}-not`, { algorithm: 'HS256', expiresIn: 600 }),
  ],
  [
    'an empty signature',
    () =>
      `${jwt.sign({ sub: 'x' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 }).split('.').slice(0, 2).join('.')}.`,
  ],
];

describe('JWT attacks on REST and WebSocket', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(attacks)('refuses %s everywhere', async (_name, forge) => {
    const token = forge();
    for (const [method, path] of [
      ['GET', '/calls'],
      ['GET', '/driver_data/DRV_1'],
      ['POST', '/driver_data/call-elevenlabs'],
      ['POST', '/conversations/conv_x/fetch'],
    ]) {
      const answer = await send(`${t.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(answer.status).toBe(401);
      expect(Object.keys(JSON.parse(answer.body))).toEqual(['detail']);
    }
    const socket = await connectWs(t.wsUrl, token);
    expect(await socket.waitFor((m) => m.type === 'error')).toMatchObject({
      code: 'AUTHENTICATION_FAILED',
    });
    expect((await socket.closed).code).toBe(4401);
  });
});
