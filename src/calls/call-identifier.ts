import { CallsException } from './calls.exception.js';
import { ConversationsException } from '../conversations/conversations.exception.js';

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,255}$/;
const CALL_IDENTIFIER = /^[A-Za-z0-9._:+-]{1,255}$/;

export function assertConversationId(value: string): string {
  if (!CONVERSATION_ID.test(value)) {
    throw new ConversationsException(
      'INVALID_CONVERSATION_ID',
      'conversation_id must be 1-255 letters, digits, _ or -',
    );
  }
  return value;
}

/** A call_sid (`EL_{driverId}_{timestamp}`) or a conversation_id. */
export function assertCallIdentifier(value: string): string {
  if (!CALL_IDENTIFIER.test(value)) {
    throw new CallsException(
      'INVALID_IDENTIFIER',
      'identifier must be a call_sid or conversation_id',
    );
  }
  return value;
}
