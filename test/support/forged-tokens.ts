import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { TEST_JWT_SECRET } from './test-app.js';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** Every token the API must refuse, REST and WebSocket alike: [what it is, make it]. */
export const FORGED_TOKENS: [string, () => string | undefined][] = [
  ['no token', () => undefined],
  ['garbage', () => 'not-a-jwt'],
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
    'a missing sub',
    () => jwt.sign({ role: 'admin' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 }),
  ],
  [
    'an unknown role',
    () =>
      jwt.sign({ sub: 'x', role: 'root' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 }),
  ],
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
