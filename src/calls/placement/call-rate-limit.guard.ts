import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Principal } from '../../auth/principal.js';
import { rateLimiterRedis, sharedRateLimiter } from '../../common/shared-rate-limiter.js';
import { CallsException } from '../calls.exception.js';
import { AppConfig } from '../../config/app-config.js';

/**
 * How many calls one signed-in user may place per minute (CALL_RATE_LIMIT_PER_MINUTE), per user
 * rather than per IP since dispatchers share an office address. One count for every route that
 * places a call; with REDIS_URL it is shared by every instance (each counts on its own while
 * Redis is unreachable).
 */
@Injectable()
export class CallRateLimiter implements OnModuleDestroy {
  private readonly limiter: RateLimiterAbstract;
  private readonly redis?: Redis;

  constructor(config: AppConfig) {
    this.redis = rateLimiterRedis(config.redisUrl);
    this.limiter = sharedRateLimiter(this.redis, {
      keyPrefix: 'dispatch-voice:calls',
      points: config.calls.rateLimitPerMinute,
      duration: 60,
    });
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  async consume(principal: Principal | undefined): Promise<void> {
    try {
      await this.limiter.consume(principal ? `user:${principal.sub}` : 'anonymous');
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new CallsException('RATE_LIMITED', `Too many calls placed; try again in ${seconds} s`, {
        'Retry-After': String(seconds),
      });
    }
  }
}

/** Guards a route that places a call with the one {@link CallRateLimiter}. */
@Injectable()
export class CallRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: CallRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limiter.consume(context.switchToHttp().getRequest<{ user?: Principal }>().user);
    return true;
  }
}
