import type { Principal } from './principal.js';

/**
 * The instant from which a user's tokens are valid again after a revocation: the next whole
 * second, because a token's `iat` counts whole seconds (a token issued in the same second as the
 * revocation must not survive it).
 */
export function revocationInstant(now = Date.now()): Date {
  return new Date((Math.floor(now / 1000) + 1) * 1000);
}

/** Whether a token survives the user's last revocation (`tokensValidAfter`). */
export function issuedAfterRevocation(principal: Principal, validAfter: Date | null): boolean {
  if (!validAfter) return true;
  return principal.iat !== undefined && principal.iat * 1000 >= validAfter.getTime();
}

/** `iat` for a token issued now: never before the user's last revocation. */
export function issuedAt(validAfter: Date | null, now = Date.now()): number {
  const seconds = Math.floor(now / 1000);
  return validAfter ? Math.max(seconds, validAfter.getTime() / 1000) : seconds;
}
