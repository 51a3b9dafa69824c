import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class ConversationsException extends featureException({
  CONVERSATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  CALL_RECORD_NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_CONVERSATION_ID: HttpStatus.BAD_REQUEST,
  // The contract documents 500 for a fetch ElevenLabs did not answer.
  ELEVENLABS_UNAVAILABLE: HttpStatus.INTERNAL_SERVER_ERROR,
}) {}
