import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class AuthException extends featureException({
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  USER_EXISTS: HttpStatus.CONFLICT,
}) {}
