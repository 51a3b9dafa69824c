import { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** A connection for rate limiters: fails fast rather than queueing while Redis is away. */
export function rateLimiterRedis(url: string | undefined): Redis | undefined {
  if (!url) return undefined;
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  });
  redis.on('error', () => undefined);
  return redis;
}

/**
 * A limiter every instance shares through Redis when there is one; while Redis is unreachable
 * (or without it) each instance counts on its own.
 */
export function sharedRateLimiter(
  redis: Redis | undefined,
  options: IRateLimiterOptions,
): RateLimiterAbstract {
  const local = new RateLimiterMemory(options);
  if (!redis) return local;
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: local });
}
