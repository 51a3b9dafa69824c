import {
  randomBytes,
  scrypt as scryptCallback,
  type ScryptOptions,
  timingSafeEqual,
} from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

const KEY_LENGTH = 64;
/** OWASP's minimum for scrypt (Password Storage Cheat Sheet): N=2^17, r=8, p=1 (128 MiB). */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
/** scrypt needs 128·N·r bytes; Node refuses more than `maxmem`, 32 MiB by default. */
const MAX_MEMORY = 256 * 1024 * 1024;

interface Cost {
  N: number;
  r: number;
  p: number;
}

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * Passwords as `scrypt$N$r$p$<salt b64>$<hash b64>`: the parameters travel with the hash, so a
 * hash made at a lower cost still verifies and is replaced at the next sign-in.
 */
@Injectable()
export class PasswordHasher {
  private readonly cost: Cost;
  /** Hashing a password nobody has, so an unknown email costs as much time as a wrong one. */
  private readonly dummy: Promise<string>;

  constructor(config: AppConfig) {
    this.cost = { ...SCRYPT_COST, N: 2 ** config.passwordScryptLogN };
    this.dummy = this.hash(randomBytes(16).toString('hex'));
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const { N, r, p } = this.cost;
    const hash = await scrypt(password, salt, this.cost);
    return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
  }

  /** Checks against `stored`, or against a dummy hash (same time) when there is none. */
  async verify(password: string, stored: string | undefined): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = (stored ?? (await this.dummy)).split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = await scrypt(password, Buffer.from(salt, 'base64'), {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    });
    return (
      stored !== undefined && actual.length === expected.length && timingSafeEqual(actual, expected)
    );
  }

  /** Whether a stored hash is weaker than today's cost. */
  needsRehash(stored: string): boolean {
    const [scheme, n, r, p] = stored.split('$');
    return (
      scheme !== 'scrypt' ||
      Number(n) < this.cost.N ||
      Number(r) < this.cost.r ||
      Number(p) < this.cost.p
    );
  }
}
