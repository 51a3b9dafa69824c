import type { HttpStatus } from '@nestjs/common';

/**
 * A failure a service reports in its own words, with a code of its feature. Services throw
 * these, never HTTP exceptions; the REST filter turns them into the contract's `{"detail"}` with
 * their status, and the WebSocket gateway into its error codes.
 */
export abstract class FeatureException<Code extends string = string> extends Error {
  protected constructor(
    readonly code: Code,
    readonly status: HttpStatus,
    message: string,
    /** Extra response headers (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
