import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { AuthException } from './auth.exception.js';
import type { TokenResponseDto } from './dto/login.dto.js';
import { type LoginAttempt, LoginThrottle, throttledException } from './login-throttle.js';
import { TokenService } from './token.service.js';
import type { User } from './user.entity.js';
import { userIdOf } from './users.repository.js';
import { normalizeEmail, userTarget, UsersService } from './users.service.js';

/**
 * Signing in: throttled per account and per client address before any password is checked,
 * every outcome audited, the same answer for an unknown email, a wrong password and a disabled
 * user.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditTrail,
  ) {}

  async login(email: string, password: string, clientIp: string | null): Promise<TokenResponseDto> {
    const attempt: LoginAttempt = { account: normalizeEmail(email), clientIp };
    await this.admit(attempt);
    const check = await this.users.checkCredentials(attempt.account, password);
    if (!check.ok) {
      await this.audit.record(anonymous(attempt), {
        action: 'login.failed',
        target: attempt.account,
        detail: { reason: check.reason },
      });
      throw new AuthException('INVALID_CREDENTIALS', 'Invalid email or password');
    }
    await this.throttle.succeeded(attempt);
    await this.audit.record(userActor(check.user, clientIp), {
      action: 'login.succeeded',
      target: attempt.account,
    });
    return this.tokens.issue(check.user);
  }

  /** One's own password; a wrong current password counts as a failed sign-in. */
  async changePassword(
    actor: Actor,
    currentPassword: string,
    newPassword: string,
  ): Promise<TokenResponseDto> {
    const id = actor.id === null ? null : userIdOf(actor.id);
    if (id === null)
      throw new AuthException(
        'NOT_A_BUILT_IN_USER',
        'Your token was minted by another service; change your password there',
      );
    const user = await this.users.find(id);
    if (!user)
      throw new AuthException('NOT_A_BUILT_IN_USER', 'Your token is not a built-in user’s');
    const attempt: LoginAttempt = { account: user.email, clientIp: actor.clientIp };
    await this.admit(attempt);
    const changed = await this.users.changePassword(user, currentPassword, newPassword, actor);
    await this.throttle.succeeded(attempt);
    return this.tokens.issue(changed);
  }

  /** Lifts the user's sign-in lockout (the account's failures; an address keeps its own). */
  async unlock(id: number, actor: Actor): Promise<void> {
    const user = await this.users.find(id);
    if (!user) throw new AuthException('USER_NOT_FOUND', `User ${id} not found`);
    const failures = await this.throttle.unlock(user.email);
    await this.audit.record(actor, {
      action: 'user.unlocked',
      target: userTarget(user),
      detail: { failures_cleared: failures },
    });
  }

  private async admit(attempt: LoginAttempt): Promise<void> {
    const throttled = await this.throttle.admit(attempt);
    if (!throttled) return;
    if (throttled.firstRefusal) {
      await this.audit.record(anonymous(attempt), {
        action: 'login.throttled',
        target: attempt.account,
        detail: { limit: throttled.limit, retry_after_seconds: throttled.retryAfterSeconds },
      });
    }
    throw throttledException(throttled);
  }
}

/** Before a sign-in succeeds, the actor is whoever typed the email. */
function anonymous(attempt: LoginAttempt): Actor {
  return { name: attempt.account, id: null, role: null, clientIp: attempt.clientIp };
}

function userActor(user: User, clientIp: string | null): Actor {
  return { name: user.email, id: String(user.id), role: user.role, clientIp };
}
