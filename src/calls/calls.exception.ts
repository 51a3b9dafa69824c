import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class CallsException extends featureException({
  CALL_NOT_FOUND: HttpStatus.NOT_FOUND,
  DRIVER_BUSY: HttpStatus.CONFLICT,
  CALL_BEING_PLACED: HttpStatus.CONFLICT,
  INVALID_PHONE_NUMBER: HttpStatus.BAD_REQUEST,
  INVALID_IDENTIFIER: HttpStatus.BAD_REQUEST,
  // The contract documents 500 for a call ElevenLabs would not place.
  ELEVENLABS_UNAVAILABLE: HttpStatus.INTERNAL_SERVER_ERROR,
  // Its concurrency limit: the same 500 for Part 1; campaigns wait and dial again.
  ELEVENLABS_AT_CAPACITY: HttpStatus.INTERNAL_SERVER_ERROR,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
}) {}
