import { isIPv6 } from 'node:net';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimiterRedis, sharedRateLimiter } from '../common/shared-rate-limiter.js';
import { AppConfig } from '../config/app-config.js';
import { AuthException } from './auth.exception.js';

export interface LoginAttempt {
  /** The normalized email, whether or not such a user exists. */
  account: string;
  clientIp: string | null;
}

/** Which limit refused an attempt, and whether this is the first refusal of its window. */
export interface Throttled {
  limit: 'account' | 'address';
  retryAfterSeconds: number;
  firstRefusal: boolean;
}

/**
 * Failed sign-ins per account (LOGIN_MAX_FAILURES) and per client address
 * (LOGIN_MAX_FAILURES_PER_ADDRESS) in a fixed window (LOGIN_FAILURE_WINDOW_SECONDS), shared
 * through Redis when configured. Every attempt takes a point from both before the password is
 * checked, so parallel guesses cannot slip past the limit; a success gives them back (the
 * account's all of them, the address's its one). Refused attempts never reach scrypt.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly redis?: Redis;
  private readonly perAccount: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  constructor(config: AppConfig) {
    this.redis = rateLimiterRedis(config.redisUrl);
    const duration = config.login.windowSeconds;
    this.perAccount = sharedRateLimiter(this.redis, {
      keyPrefix: 'dispatch-voice:login-account',
      points: config.login.maxFailures,
      duration,
    });
    this.perAddress = sharedRateLimiter(this.redis, {
      keyPrefix: 'dispatch-voice:login-address',
      points: config.login.maxFailuresPerAddress,
      duration,
    });
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  /** Takes the attempt's points, or reports which limit refuses it. */
  async admit(attempt: LoginAttempt): Promise<Throttled | null> {
    const [account, address] = await Promise.allSettled([
      this.perAccount.consume(attempt.account),
      this.perAddress.consume(addressKey(attempt)),
    ]);
    const refusals = [
      refusal('account', account, this.perAccount.points),
      refusal('address', address, this.perAddress.points),
    ].filter((entry): entry is Throttled => entry !== null);
    if (refusals.length === 0) return null;
    return refusals.reduce((longest, next) =>
      next.retryAfterSeconds > longest.retryAfterSeconds ? next : longest,
    );
  }

  /** An admin lifts an account's lockout; answers how many failures it had counted. */
  async unlock(account: string): Promise<number> {
    const counted = await this.perAccount.get(account);
    await this.perAccount.delete(account);
    return counted?.consumedPoints ?? 0;
  }

  /** The attempt succeeded: the account starts afresh; the address gets its point back. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await Promise.allSettled([
      this.perAccount.delete(attempt.account),
      this.perAddress.reward(addressKey(attempt), 1),
    ]);
  }
}

/** The 429 a refused attempt answers, the same whether or not the account exists. */
export function throttledException(throttled: Throttled): AuthException {
  const seconds = String(throttled.retryAfterSeconds);
  return new AuthException(
    'TOO_MANY_LOGIN_FAILURES',
    `Too many failed sign-ins ${throttled.limit === 'account' ? 'for this account' : 'from this address'}; try again in ${seconds} s`,
    { 'Retry-After': seconds },
  );
}

function addressKey(attempt: LoginAttempt): string {
  return attempt.clientIp === null ? 'unknown' : addressGroup(attempt.clientIp);
}

/**
 * The unit one client controls: an IPv4 address, or an IPv6 /64 (one subscriber's network,
 * where every address is theirs to use), so rotating through a /64 buys no extra guesses.
 */
export function addressGroup(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('%')[0]!.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0');
  const groups = ip.includes('::') ? [...headGroups, ...zeros, ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

function refusal(
  limit: Throttled['limit'],
  result: PromiseSettledResult<RateLimiterRes>,
  points: number,
): Throttled | null {
  if (result.status === 'fulfilled') return null;
  if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
  return {
    limit,
    retryAfterSeconds: Math.max(1, Math.ceil(result.reason.msBeforeNext / 1000)),
    firstRefusal: result.reason.consumedPoints === points + 1,
  };
}
