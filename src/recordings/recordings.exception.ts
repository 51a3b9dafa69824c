import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class RecordingsException extends featureException({
  NO_RECORDING: HttpStatus.NOT_FOUND,
  RANGE_NOT_SATISFIABLE: HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
  INVALID_LINK: HttpStatus.FORBIDDEN,
}) {}
