import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsRollupsRepository } from './analytics-rollups.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { RollupFoldJob } from './rollup-fold.job.js';

/** The fleet summary (with its daily rollups) and the calls export. */
@Module({
  controllers: [AnalyticsController],
  providers: [AnalyticsRepository, AnalyticsRollupsRepository, AnalyticsService, RollupFoldJob],
})
export class AnalyticsModule {}
