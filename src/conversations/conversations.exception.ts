import { HttpStatus } from '@nestjs/common';
import { FeatureException } from '../common/feature.exception.js';

export type ConversationsErrorCode =
  | 'CONVERSATION_NOT_FOUND'
  | 'CALL_RECORD_NOT_FOUND'
  | 'INVALID_CONVERSATION_ID'
  | 'INVALID_CURSOR'
  | 'ELEVENLABS_UNAVAILABLE';

const STATUS: Record<ConversationsErrorCode, HttpStatus> = {
  CONVERSATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  CALL_RECORD_NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_CONVERSATION_ID: HttpStatus.BAD_REQUEST,
  INVALID_CURSOR: HttpStatus.BAD_REQUEST,
  // The contract documents 500 for a fetch ElevenLabs did not answer.
  ELEVENLABS_UNAVAILABLE: HttpStatus.INTERNAL_SERVER_ERROR,
};

export class ConversationsException extends FeatureException<ConversationsErrorCode> {
  constructor(code: ConversationsErrorCode, message: string) {
    super(code, STATUS[code], message);
  }
}
