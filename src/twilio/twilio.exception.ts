import { HttpStatus } from '@nestjs/common';
import { FeatureException } from '../common/feature.exception.js';

export type TwilioErrorCode = 'INVALID_SIGNATURE' | 'INVALID_PAYLOAD';

const STATUS: Record<TwilioErrorCode, HttpStatus> = {
  INVALID_SIGNATURE: HttpStatus.UNAUTHORIZED,
  INVALID_PAYLOAD: HttpStatus.BAD_REQUEST,
};

export class TwilioException extends FeatureException<TwilioErrorCode> {
  constructor(code: TwilioErrorCode, message: string) {
    super(code, STATUS[code], message);
  }
}
