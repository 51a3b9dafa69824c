import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class DriversException extends featureException({
  DRIVER_NOT_FOUND: HttpStatus.NOT_FOUND,
  DRIVER_OPTED_OUT: HttpStatus.CONFLICT,
  INVALID_DRIVER_ID: HttpStatus.BAD_REQUEST,
  INVALID_PHONE_NUMBER: HttpStatus.BAD_REQUEST,
  INVALID_CURSOR: HttpStatus.BAD_REQUEST,
  INVALID_CHANGE: HttpStatus.BAD_REQUEST,
  ADMIN_ONLY: HttpStatus.FORBIDDEN,
}) {}
