import { HttpStatus } from '@nestjs/common';
import { FeatureException } from '../common/feature.exception.js';

export type AuthErrorCode = 'INVALID_CREDENTIALS' | 'USER_EXISTS';

const STATUS: Record<AuthErrorCode, HttpStatus> = {
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  USER_EXISTS: HttpStatus.CONFLICT,
};

export class AuthException extends FeatureException<AuthErrorCode> {
  constructor(code: AuthErrorCode, message: string) {
    super(code, STATUS[code], message);
  }
}
