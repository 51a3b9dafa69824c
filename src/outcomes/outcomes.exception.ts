import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class OutcomesException extends featureException({
  UNKNOWN_CONVERSATION: HttpStatus.NOT_FOUND,
  UNKNOWN_ITEM: HttpStatus.BAD_REQUEST,
  ITEM_NOT_FOUND: HttpStatus.NOT_FOUND,
  NOTHING_OPEN: HttpStatus.CONFLICT,
}) {}
