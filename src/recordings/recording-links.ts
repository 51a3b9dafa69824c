import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

/**
 * Short-lived links to one call's recording, for the console's `<audio>` (which cannot send a
 * bearer token, and a JWT in a URL ends up in logs): the call and an expiry, signed with a key
 * derived from JWT_SECRET, so every instance accepts them. No token is inside.
 */
@Injectable()
export class RecordingLinks {
  private readonly key: Buffer;

  constructor(private readonly config: AppConfig) {
    this.key = createHmac('sha256', config.jwt.secret).update('recording-links').digest();
  }

  private sign(callSid: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${callSid}\n${expires}`).digest('base64url');
  }

  /** A path (relative to the service) that plays until `expiresAt`. */
  create(callSid: string, now = Date.now()): { path: string; expiresAt: Date } {
    const expires = Math.floor(now / 1000) + this.config.recordings.linkSeconds;
    const query = new URLSearchParams({
      expires: String(expires),
      signature: this.sign(callSid, expires),
    });
    return {
      path: `/recordings/${encodeURIComponent(callSid)}?${query}`,
      expiresAt: new Date(expires * 1000),
    };
  }

  /** Whether the link is genuine and not yet expired. */
  valid(callSid: string, expires: unknown, signature: unknown, now = Date.now()): boolean {
    if (typeof expires !== 'string' || typeof signature !== 'string') return false;
    if (!/^\d{1,12}$/.test(expires) || Number(expires) * 1000 < now) return false;
    const expected = Buffer.from(this.sign(callSid, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
