import { UserRole } from './user-role.js';

/** Who is calling, from a verified token. */
export interface Principal {
  sub: string;
  role: UserRole;
  /** Token expiry, seconds since the epoch. */
  exp: number;
  /** When the token was issued, seconds since the epoch, if it says. */
  iat?: number;
  /** A built-in user's email, from our database (never from another service's claims). */
  email?: string;
}

export class InvalidTokenError extends Error {}

/** The claims every token must carry, whoever minted it: `sub`, `exp`, optional `role`. */
export function principalFromClaims(claims: unknown): Principal {
  const { sub, exp, iat, role } = (claims ?? {}) as {
    sub?: unknown;
    exp?: unknown;
    iat?: unknown;
    role?: unknown;
  };
  if (typeof sub !== 'string' && typeof sub !== 'number')
    throw new InvalidTokenError('Token has no subject (sub)');
  if (typeof exp !== 'number') throw new InvalidTokenError('Token has no expiry (exp)');
  if (role !== undefined && role !== UserRole.ADMIN && role !== UserRole.DISPATCHER) {
    throw new InvalidTokenError('Token role must be admin or dispatcher');
  }
  return {
    sub: String(sub),
    exp,
    iat: typeof iat === 'number' ? iat : undefined,
    role: (role as UserRole | undefined) ?? UserRole.DISPATCHER,
  };
}
