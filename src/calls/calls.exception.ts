import { HttpStatus } from '@nestjs/common';
import { FeatureException } from '../common/feature.exception.js';

export type CallsErrorCode =
  | 'CALL_NOT_FOUND'
  | 'DRIVER_NOT_FOUND'
  | 'DRIVER_BUSY'
  | 'CALL_BEING_PLACED'
  | 'INVALID_PHONE_NUMBER'
  | 'INVALID_IDENTIFIER'
  | 'ELEVENLABS_UNAVAILABLE'
  | 'RATE_LIMITED';

const STATUS: Record<CallsErrorCode, HttpStatus> = {
  CALL_NOT_FOUND: HttpStatus.NOT_FOUND,
  DRIVER_NOT_FOUND: HttpStatus.NOT_FOUND,
  DRIVER_BUSY: HttpStatus.CONFLICT,
  CALL_BEING_PLACED: HttpStatus.CONFLICT,
  INVALID_PHONE_NUMBER: HttpStatus.BAD_REQUEST,
  INVALID_IDENTIFIER: HttpStatus.BAD_REQUEST,
  // The contract documents 500 for a call ElevenLabs would not place.
  ELEVENLABS_UNAVAILABLE: HttpStatus.INTERNAL_SERVER_ERROR,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
};

export class CallsException extends FeatureException<CallsErrorCode> {
  constructor(code: CallsErrorCode, message: string, headers?: Record<string, string>) {
    super(code, STATUS[code], message, headers);
  }
}
