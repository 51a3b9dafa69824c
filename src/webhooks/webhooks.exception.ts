import { HttpStatus } from '@nestjs/common';
import { FeatureException } from '../common/feature.exception.js';

export type WebhooksErrorCode = 'INVALID_SIGNATURE' | 'INVALID_PAYLOAD' | 'UNKNOWN_CALL';

const STATUS: Record<WebhooksErrorCode, HttpStatus> = {
  INVALID_SIGNATURE: HttpStatus.UNAUTHORIZED,
  INVALID_PAYLOAD: HttpStatus.BAD_REQUEST,
  UNKNOWN_CALL: HttpStatus.NOT_FOUND,
};

export class WebhooksException extends FeatureException<WebhooksErrorCode> {
  constructor(code: WebhooksErrorCode, message: string) {
    super(code, STATUS[code], message);
  }
}
