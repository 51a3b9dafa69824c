import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.js';
import { AnalyticsRollupsRepository } from './analytics-rollups.repository.js';

export const ROLLUP_FOLD_JOB = 'analytics-rollup-fold';
const FOLD_SECONDS = 60;

/**
 * Folds the summary rollups' deltas once a minute (one instance at a time, on the job queue),
 * so a year's summary reads a few rows a day however many calls changed. Unfolded deltas are
 * still counted: folding only keeps the read small.
 */
@Injectable()
export class RollupFoldJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly rollups: AnalyticsRollupsRepository,
  ) {}

  onModuleInit(): void {
    this.jobs.define({
      name: ROLLUP_FOLD_JOB,
      everySeconds: FOLD_SECONDS,
      queue: { retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 3600 },
      handle: () => this.rollups.fold(),
    });
  }
}
