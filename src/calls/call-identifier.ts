import { CallsException } from './calls.exception.js';

const MAX_IDENTIFIER_LENGTH = 255;
/** What a call_sid (`EL_{driverId}_{timestamp}`) and a conversation_id are made of. */
const IDENTIFIER_CHARACTERS = /^[A-Za-z0-9._:+-]+$/;

/**
 * Why `value` cannot name a call (our call_sid or ElevenLabs' conversation_id), or null when it
 * can: the one rule for every surface that takes one (REST paths and WebSocket subscriptions).
 */
export function callIdentifierProblem(value: unknown): string | null {
  if (typeof value !== 'string')
    return 'Identifier must be a string (a call_sid or conversation_id)';
  if (value.trim().length === 0) return 'Identifier must not be empty';
  if (value.length > MAX_IDENTIFIER_LENGTH)
    return `Identifier must be at most ${MAX_IDENTIFIER_LENGTH} characters`;
  if (!IDENTIFIER_CHARACTERS.test(value))
    return 'Identifier must be a call_sid or conversation_id (letters, digits and . _ : + -)';
  return null;
}

export function assertCallIdentifier(value: string): string {
  const problem = callIdentifierProblem(value);
  if (problem) throw new CallsException('INVALID_IDENTIFIER', problem);
  return value;
}
