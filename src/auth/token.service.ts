import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { InvalidTokenError, type Principal, principalFromClaims } from './principal.js';
import type { User } from './user.entity.js';

export const JWT_ALGORITHM = 'HS256' as const;

/** Issues and checks bearer tokens; the REST guard and the WebSocket gateway share it. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  verify(token: string | undefined | null): Principal {
    if (!token) throw new InvalidTokenError('Missing bearer token');
    let claims: unknown;
    try {
      claims = this.jwt.verify(token, {
        secret: this.config.jwt.secret,
        algorithms: [JWT_ALGORITHM],
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
      { sub: String(user.id), email: user.email, role: user.role },
      {
        secret: this.config.jwt.secret,
        algorithm: JWT_ALGORITHM,
        expiresIn: this.config.jwt.expiresIn as never,
      },
    );
    const { exp, iat } = this.jwt.decode<{ exp: number; iat: number }>(access_token);
    return { access_token, token_type: 'Bearer', expires_in: exp - iat };
  }
}

export function describeJwtError(error: unknown): string {
  const { name, message } = error as { name?: string; message?: string };
  if (name === 'TokenExpiredError') return 'Token has expired';
  if (message === 'No auth token') return 'Missing bearer token';
  if (name === 'NotBeforeError') return 'Token is not valid yet';
  if (message === 'invalid algorithm' || message === 'jwt signature is required')
    return 'Token algorithm not allowed';
  if (message === 'invalid signature') return 'Token signature is invalid';
  return 'Token is malformed';
}
