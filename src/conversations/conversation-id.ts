import { ConversationsException } from './conversations.exception.js';

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,255}$/;

export function assertConversationId(value: string): string {
  if (!CONVERSATION_ID.test(value)) {
    throw new ConversationsException(
      'INVALID_CONVERSATION_ID',
      'conversation_id must be 1-255 letters, digits, _ or -',
    );
  }
  return value;
}
