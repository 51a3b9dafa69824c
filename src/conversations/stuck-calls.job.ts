import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallOutcomeService } from '../calls/call-outcome.service.js';
import { CallsRepository } from '../calls/calls.repository.js';
import { CallStatus } from '../calls/entities/call-status.js';
import { Call } from '../calls/entities/call.entity.js';
import { AppConfig } from '../config/app-config.js';
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

/**
 * Webhooks get lost. Every STUCK_CALL_SCAN_INTERVAL_SECONDS, calls still IN_PROGRESS
 * STUCK_CALL_AFTER_MINUTES after they started are fetched from ElevenLabs as the fetch endpoint
 * does (at most STUCK_CALL_CONCURRENCY at once, with a per-call backoff kept in the database);
 * calls that never got a conversation id are marked FAILED. One instance scans at a time (an
 * advisory lock), so instances never do the same work twice.
 */
@Injectable()
export class StuckCallsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StuckCalls');
  private timer?: NodeJS.Timeout;
  private running?: Promise<ScanReport | null>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sync: ConversationSyncService,
    private readonly calls: CallsRepository,
    private readonly outcomes: CallOutcomeService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.stuckCalls.scanIntervalSeconds;
    if (seconds <= 0) return;
    this.timer = setInterval(
      () =>
        void this.runOnce().catch((error: Error) =>
          this.logger.error(`Scan failed: ${error.message}`),
        ),
      seconds * 1000,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One scan; null when another instance holds the scan lock. */
  runOnce(): Promise<ScanReport | null> {
    this.running ??= this.scan().finally(() => (this.running = undefined));
    return this.running;
  }

  private async scan(): Promise<ScanReport | null> {
    const report = await this.underScanLock(() => this.work());
    if (report && (report.closed.length || report.failedToStart.length)) {
      this.logger.log(
        `Closed ${report.closed.length} stuck call(s) [${report.closed.join(', ')}]; marked ${report.failedToStart.length} that never started FAILED [${report.failedToStart.join(', ')}]`,
      );
    }
    return report;
  }

  /** The embedded database belongs to one process, so only PostgreSQL needs the lock. */
  private async underScanLock<T>(work: () => Promise<T>): Promise<T | null> {
    if (this.config.database.kind === 'pglite') return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        SCAN_LOCK_KEY,
      ])) as [{ locked: boolean }];
      if (!locked) return null;
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SCAN_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  private async work(): Promise<ScanReport> {
    const report: ScanReport = { checked: 0, closed: [], failedToStart: [] };
    const cutoff = new Date(Date.now() - this.config.stuckCalls.afterMinutes * 60_000);
    const neverStarted = await this.dataSource
      .getRepository(Call)
      .createQueryBuilder('call')
      .select(['call.id', 'call.callSid'])
      .where('call.status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere('call.conversation_id IS NULL')
      .andWhere('call.call_start_time < :cutoff', {
        cutoff: new Date(
          Math.min(cutoff.getTime(), Date.now() - this.config.elevenLabs.timeoutMs * 3 - 5000),
        ),
      })
      .limit(BATCH)
      .getMany();
    for (const call of neverStarted) {
      const failed = await this.calls.markDialFailed(
        call.id,
        'ElevenLabs never confirmed the call (no conversation id)',
      );
      if (failed) {
        this.outcomes.emitStatus(failed, false);
        report.failedToStart.push(failed.callSid);
      }
    }
    const stuck = await this.dataSource
      .getRepository(Call)
      .createQueryBuilder('call')
      .select(['call.id', 'call.callSid', 'call.conversationId', 'call.syncAttempts'])
      .where('call.status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere('call.conversation_id IS NOT NULL')
      .andWhere('call.call_start_time < :cutoff', { cutoff })
      .andWhere('(call.next_sync_at IS NULL OR call.next_sync_at <= now())')
      .orderBy('call.call_start_time', 'ASC')
      .limit(BATCH)
      .getMany();
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
    await this.dataSource
      .getRepository(Call)
      .createQueryBuilder()
      .update()
      .set({
        syncAttempts: () => 'sync_attempts + 1',
        nextSyncAt: () => `now() + make_interval(mins => ${delayMinutes})`,
      })
      .where('id = :id', { id: call.id })
      .execute();
    return false;
  }
}
