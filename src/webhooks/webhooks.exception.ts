import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class WebhooksException extends featureException({
  INVALID_SIGNATURE: HttpStatus.UNAUTHORIZED,
  INVALID_PAYLOAD: HttpStatus.BAD_REQUEST,
  UNKNOWN_CALL: HttpStatus.NOT_FOUND,
}) {}
