import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CallOutcomeService } from '../calls/completion/call-outcome.service.js';
import { CallsRepository } from '../calls/record/calls.repository.js';
import { CallStatus } from '../calls/record/call-status.js';
import type { Call } from '../calls/record/call.entity.js';
import { AppConfig } from '../config/app-config.js';
import { AdvisoryLockRepository } from '../database/advisory-lock.repository.js';
import { JobQueue } from '../jobs/job-queue.js';
import { ConversationSyncService } from './conversation-sync.service.js';

/** Any number: identifies the stuck-call scan among PostgreSQL advisory locks. */
const SCAN_LOCK_KEY = 7_150_420_002;
const BATCH = 100;
const MAX_BACKOFF_MINUTES = 60;

export interface ScanReport {
  checked: number;
  closed: string[];
  failedToStart: string[];
}

export const STUCK_CALLS_JOB = 'stuck-calls';

/**
 * Webhooks get lost. About every STUCK_CALL_SCAN_INTERVAL_SECONDS (a job on the service's queue,
 * run by one instance per occurrence), calls still IN_PROGRESS
 * STUCK_CALL_AFTER_MINUTES after they started are fetched from ElevenLabs as the fetch endpoint
 * does (at most STUCK_CALL_CONCURRENCY at once, with a per-call backoff kept in the database);
 * calls that never got a conversation id are marked FAILED. An advisory lock keeps a scan run by
 * hand (or a late occurrence) from overlapping one in progress.
 */
@Injectable()
export class StuckCallsJob implements OnModuleInit {
  private readonly logger = new Logger('StuckCalls');
  private running?: Promise<ScanReport | null>;

  constructor(
    private readonly locks: AdvisoryLockRepository,
    private readonly sync: ConversationSyncService,
    private readonly calls: CallsRepository,
    private readonly outcomes: CallOutcomeService,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.define({
      name: STUCK_CALLS_JOB,
      everySeconds: this.config.stuckCalls.scanIntervalSeconds,
      // A missed scan is made up by the next one.
      queue: { retryLimit: 0, expireInSeconds: 900, deleteAfterSeconds: 3600 },
      handle: async () => {
        await this.runOnce();
      },
    });
  }

  /** One scan; null when another instance holds the scan lock. */
  runOnce(): Promise<ScanReport | null> {
    this.running ??= this.scan().finally(() => (this.running = undefined));
    return this.running;
  }

  private async scan(): Promise<ScanReport | null> {
    const report = await this.locks.withTryLock(SCAN_LOCK_KEY, () => this.work());
    if (report && (report.closed.length || report.failedToStart.length)) {
      this.logger.log(
        `Closed ${report.closed.length} stuck call(s) [${report.closed.join(', ')}]; marked ${report.failedToStart.length} that never started FAILED [${report.failedToStart.join(', ')}]`,
      );
    }
    return report;
  }

  private async work(): Promise<ScanReport> {
    const report: ScanReport = { checked: 0, closed: [], failedToStart: [] };
    const cutoff = new Date(Date.now() - this.config.stuckCalls.afterMinutes * 60_000);
    // A call still being dialled is not stuck: give ElevenLabs its timeout and retries first.
    const dialDeadline = Date.now() - this.config.elevenLabs.timeoutMs * 3 - 5000;
    const neverStarted = await this.calls.neverConfirmed(
      new Date(Math.min(cutoff.getTime(), dialDeadline)),
      BATCH,
    );
    for (const call of neverStarted) {
      const failed = await this.calls.markDialFailed(
        call.id,
        'ElevenLabs never confirmed the call (no conversation id)',
      );
      if (failed) {
        await this.outcomes.emitStatus(failed);
        report.failedToStart.push(failed.callSid);
      }
    }
    const stuck = await this.calls.stuckSince(cutoff, BATCH);
    report.checked = stuck.length;
    const queue = [...stuck];
    const worker = async () => {
      for (let call = queue.shift(); call; call = queue.shift()) {
        if (await this.settle(call)) report.closed.push(call.callSid);
      }
    };
    await Promise.all(Array.from({ length: this.config.stuckCalls.concurrency }, worker));
    return report;
  }

  /** True when the call ended; otherwise the next attempt is pushed back (1, 2, 4... minutes). */
  private async settle(call: Call): Promise<boolean> {
    try {
      const { applied } = await this.sync.sync(call.conversationId!);
      if (applied.call.status !== CallStatus.IN_PROGRESS) return true;
    } catch (error) {
      this.logger.warn(`Could not settle ${call.callSid}: ${(error as Error).message}`);
    }
    const delayMinutes = Math.min(MAX_BACKOFF_MINUTES, 2 ** call.syncAttempts);
    await this.calls.deferSync(call.id, delayMinutes);
    return false;
  }
}
