import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class AuthException extends featureException({
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  WRONG_CURRENT_PASSWORD: HttpStatus.BAD_REQUEST,
  WEAK_PASSWORD: HttpStatus.BAD_REQUEST,
  NOT_A_BUILT_IN_USER: HttpStatus.BAD_REQUEST,
  INVALID_USER_ID: HttpStatus.BAD_REQUEST,
  TOO_MANY_LOGIN_FAILURES: HttpStatus.TOO_MANY_REQUESTS,
  USER_EXISTS: HttpStatus.CONFLICT,
  USER_NOT_FOUND: HttpStatus.NOT_FOUND,
  NOTHING_TO_CHANGE: HttpStatus.BAD_REQUEST,
  LAST_ADMIN: HttpStatus.CONFLICT,
  INVALID_PHONE_NUMBER: HttpStatus.BAD_REQUEST,
  NO_PHONE_FOR_DUTY: HttpStatus.BAD_REQUEST,
}) {}
