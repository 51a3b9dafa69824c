import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class EscalationException extends featureException({
  ALERT_NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_ALERT_ID: HttpStatus.BAD_REQUEST,
}) {}
