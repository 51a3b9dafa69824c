import { HttpStatus } from '@nestjs/common';
import { featureException } from '../common/feature.exception.js';

export class CampaignsException extends featureException({
  CAMPAIGN_NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_CAMPAIGN: HttpStatus.BAD_REQUEST,
  CAMPAIGN_FINISHED: HttpStatus.CONFLICT,
}) {}
