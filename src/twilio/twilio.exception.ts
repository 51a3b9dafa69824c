import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class TwilioException extends featureException({
  INVALID_SIGNATURE: HttpStatus.UNAUTHORIZED,
  TWILIO_SOURCE_OFF: HttpStatus.FORBIDDEN,
  INVALID_PAYLOAD: HttpStatus.BAD_REQUEST,
}) {}
