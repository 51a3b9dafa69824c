import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { InvalidTokenError, type Principal, principalFromClaims } from './principal.js';
import { issuedAfterRevocation, issuedAt } from './token-revocation.js';
import { UserAccessCache } from './user-access-cache.js';
import type { User } from './user.entity.js';
import { UsersRepository, userIdOf } from './users.repository.js';

export const JWT_ALGORITHM = 'HS256' as const;

/** Issues and checks bearer tokens; the REST guard and the WebSocket gateway share it. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly access: UserAccessCache,
  ) {}

  /**
   * When the token's subject is one of our users, the user must be enabled and the token issued
   * after their last revocation (disabling, a password change), whoever minted it; their role is
   * the one stored, so a demotion takes effect too: at once on this instance, within a second on
   * the others through the event relay, within ACCESS_CACHE_MS without Redis (UserAccessCache).
   * Other services' subjects keep their token's role.
   */
  async admit(principal: Principal): Promise<Principal> {
    const id = userIdOf(principal.sub);
    const user = id === null ? null : await this.access.get(id, () => this.users.findById(id));
    if (!user) return principal;
    if (isRevoked(principal, user)) throw new InvalidTokenError('Token has been revoked');
    return { ...principal, role: user.role, email: user.email };
  }

  /** Those of `principals` {@link admit} would refuse now, in one query. */
  async refused(principals: Principal[]): Promise<Set<Principal>> {
    const ids = [...new Set(principals.map((principal) => userIdOf(principal.sub)))].filter(
      (id): id is number => id !== null,
    );
    if (ids.length === 0) return new Set();
    const users = new Map((await this.users.findByIds(ids)).map((user) => [String(user.id), user]));
    return new Set(
      principals.filter((principal) => {
        const user = users.get(principal.sub);
        return user !== undefined && isRevoked(principal, user);
      }),
    );
  }

  /** The signature and claims only; {@link admit} then asks the database. */
  verify(token: string | undefined | null): Principal {
    if (!token) throw new InvalidTokenError('Missing bearer token');
    let claims: unknown;
    try {
      claims = this.jwt.verify(token, {
        secret: this.config.jwt.secret,
        ...verificationOptions(this.config),
      });
    } catch (error) {
      throw new InvalidTokenError(describeJwtError(error));
    }
    return principalFromClaims(claims);
  }

  async issue(
    user: User,
  ): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const access_token = await this.jwt.signAsync(
      {
        sub: String(user.id),
        email: user.email,
        role: user.role,
        iat: issuedAt(user.tokensValidAfter),
      },
      {
        secret: this.config.jwt.secret,
        algorithm: JWT_ALGORITHM,
        expiresIn: this.config.jwt.expiresIn as never,
        ...(this.config.jwt.issuer ? { issuer: this.config.jwt.issuer } : {}),
        ...(this.config.jwt.audience ? { audience: this.config.jwt.audience } : {}),
      },
    );
    const { exp, iat } = this.jwt.decode<{ exp: number; iat: number }>(access_token);
    return { access_token, token_type: 'Bearer', expires_in: exp - iat };
  }
}

/**
 * What every token must pass besides its signature, for the REST guard and the socket alike:
 * HS256 only, and the configured issuer and audience when JWT_ISSUER / JWT_AUDIENCE are set.
 */
export function verificationOptions(config: AppConfig): {
  algorithms: [typeof JWT_ALGORITHM];
  issuer?: string;
  audience?: string;
} {
  return {
    algorithms: [JWT_ALGORITHM],
    ...(config.jwt.issuer ? { issuer: config.jwt.issuer } : {}),
    ...(config.jwt.audience ? { audience: config.jwt.audience } : {}),
  };
}

function isRevoked(principal: Principal, user: User): boolean {
  return user.disabled || !issuedAfterRevocation(principal, user.tokensValidAfter);
}

export function describeJwtError(error: unknown): string {
  const { name, message } = error as { name?: string; message?: string };
  if (name === 'TokenExpiredError') return 'Token has expired';
  if (message === 'No auth token') return 'Missing bearer token';
  if (name === 'NotBeforeError') return 'Token is not valid yet';
  if (message === 'invalid algorithm' || message === 'jwt signature is required')
    return 'Token algorithm not allowed';
  if (message === 'invalid signature') return 'Token signature is invalid';
  if (message?.startsWith('jwt issuer invalid')) return 'Token issuer is not accepted';
  if (message?.startsWith('jwt audience invalid')) return 'Token audience is not accepted';
  return 'Token is malformed';
}
