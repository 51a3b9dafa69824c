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

/**
 * The base of one feature's exception: its codes and the HTTP status of each, in one table
 * (`class CallsException extends featureException({ CALL_NOT_FOUND: 404, ... }) {}`).
 */
export function featureException<Code extends string>(statuses: Record<Code, HttpStatus>) {
  return class extends FeatureException<Code> {
    constructor(code: Code, message: string, headers?: Record<string, string>) {
      super(code, statuses[code], message, headers);
    }
  };
}
