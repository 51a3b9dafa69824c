import type { CallLanguage } from '../../drivers/call-language.js';
import type { ViolationDetail } from '../../item-vocabulary/violation-detail.js';

/** Where a call came from; each origin maps its own input to a {@link CallAttempt}. */
export type CallOrigin =
  | { kind: 'dispatcher' }
  | { kind: 'campaign'; campaignId: number; publicId: string }
  /** A follow-up call takes these open items of an earlier call over. */
  | { kind: 'follow_up'; of: { callId: number; callSid: string; items: number[] } };

/** One call to place: who, about what, and why. */
export interface CallAttempt {
  /** `language`: chosen by a person for this call (it becomes the driver's); else the record's. */
  driver: { driverId: string; driverName: string; phoneNumber: string; language?: CallLanguage };
  tripId: string;
  /** The violations and reminders to discuss, at most MAX_ITEMS_PER_CALL. */
  items: ViolationDetail[];
  callType: string;
  /** Prompt options: extra instructions for the agent on this call. */
  customRules: string | null;
  /**
   * When the attempt was asked for (ISO 8601). With the driver it is the call's identity: a retry
   * with the same pair answers from the record instead of dialling again.
   */
  requestedAt: string;
  origin: CallOrigin;
}

/** A callback's identifier, `CB_{Twilio call SID}`: a retried initiation names the same call. */
export function inboundCallSidFor(twilioCallSid: string): string {
  return `CB_${twilioCallSid}`;
}

/** Our call identifier, `EL_{driverId}_{timestamp}`: made here and nowhere else. */
export function callSidFor(driverId: string, requestedAt: string): string {
  return `EL_${driverId}_${requestedAt}`;
}
