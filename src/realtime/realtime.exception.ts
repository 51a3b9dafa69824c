import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

/** What the socket itself refuses (its own limits), as opposed to what a feature does. */
export class RealtimeException extends featureException({
  TOO_MANY_SUBSCRIPTIONS: HttpStatus.TOO_MANY_REQUESTS,
}) {}
