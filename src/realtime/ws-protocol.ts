import { callIdentifierProblem } from '../calls/call-identifier.js';
import type {
  CallCompletedMessage,
  CallStartedMessage,
  CallTransferredMessage,
  DispatcherAlertAcknowledgedMessage,
  DispatcherAlertMessage,
  DispatcherAlertView,
  LiveCallView,
  CampaignProgressMessage,
  CallStatusMessage,
  ItemOutcomeMessage,
  TranscriptionCorrectedMessage,
  TranscriptionMessage,
  WireCallStatus,
} from '../events/realtime-messages.js';

export type ErrorCode =
  | 'CALL_NOT_FOUND'
  | 'CAMPAIGN_NOT_FOUND'
  | 'INVALID_IDENTIFIER'
  | 'INVALID_MESSAGE'
  | 'AUTHENTICATION_FAILED'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'RATE_LIMITED';

/** The team-wide feed's identifier: every call as it starts and ends. */
export const TEAM_FEED = 'calls';

/** Every message the server sends, in one map (Part 5). */
export type ServerMessage =
  | {
      type: 'subscription_confirmed';
      identifier: string;
      call_sid: string;
      conversation_id: string | null;
      status: WireCallStatus;
    }
  | {
      type: 'subscription_confirmed';
      identifier: string;
      campaign_id: string;
      status: CampaignProgressMessage['status'];
    }
  | {
      type: 'subscription_confirmed';
      identifier: typeof TEAM_FEED;
      live_calls: LiveCallView[];
      /** Alerts nobody acknowledged yet: a console that (re)connects shows them again. */
      open_alerts: DispatcherAlertView[];
    }
  | { type: 'unsubscribe_confirmed'; identifier: string }
  | { type: 'error'; code: ErrorCode; message: string; identifier?: string }
  | TranscriptionMessage
  | TranscriptionCorrectedMessage
  | CallStatusMessage
  | CallCompletedMessage
  | ItemOutcomeMessage
  | CampaignProgressMessage
  | CallStartedMessage
  | CallTransferredMessage
  | DispatcherAlertMessage
  | DispatcherAlertAcknowledgedMessage;

export type ClientRequest =
  | { action: 'subscribe'; identifier: string; since: number }
  | { action: 'unsubscribe'; identifier: string }
  | {
      action: 'invalid';
      code: 'INVALID_MESSAGE' | 'INVALID_IDENTIFIER' | 'RATE_LIMITED';
      message: string;
    };

/** Bigger client frames get INVALID_MESSAGE (the socket stays open). */
export const MAX_CLIENT_MESSAGE_BYTES = 4096;

/** `{"subscribe": id, "since"?: n}` or `{"unsubscribe": id}`; anything else is described as invalid. */
export function parseClientMessage(data: Buffer | string, bytes: number): ClientRequest {
  if (bytes > MAX_CLIENT_MESSAGE_BYTES) {
    return {
      action: 'invalid',
      code: 'INVALID_MESSAGE',
      message: `Message too large (max ${MAX_CLIENT_MESSAGE_BYTES} bytes)`,
    };
  }
  let message: unknown;
  try {
    message = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { action: 'invalid', code: 'INVALID_MESSAGE', message: 'Message is not valid JSON' };
  }
  if (!message || typeof message !== 'object' || Array.isArray(message)) {
    return { action: 'invalid', code: 'INVALID_MESSAGE', message: 'Message must be a JSON object' };
  }
  const body = message as Record<string, unknown>;
  const action = 'subscribe' in body ? 'subscribe' : 'unsubscribe' in body ? 'unsubscribe' : null;
  if (!action) {
    return {
      action: 'invalid',
      code: 'INVALID_MESSAGE',
      message: 'Unknown message: expected {"subscribe": id} or {"unsubscribe": id}',
    };
  }
  const identifier = body[action];
  const problem = callIdentifierProblem(identifier);
  if (problem) return { action: 'invalid', code: 'INVALID_IDENTIFIER', message: problem };
  if (action === 'unsubscribe') return { action, identifier: identifier as string };
  const since = body.since ?? 0;
  if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0) {
    return {
      action: 'invalid',
      code: 'INVALID_MESSAGE',
      message: 'since must be a non-negative integer (the last sequence_number seen)',
    };
  }
  return { action, identifier: identifier as string, since };
}
