import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { PgBoss, type Queue, type SendOptions } from 'pg-boss';
import { DataSource } from 'typeorm';
import { jobDatabaseFor } from './job-database.js';
import { cronEvery } from './recurrence.js';

export interface JobDefinition<Data extends object> {
  name: string;
  handle(data: Data): Promise<void>;
  /** Retries, expiry and retention of the queue's jobs. */
  queue?: Omit<Queue, 'name'>;
  /** Jobs this instance runs at once. */
  localConcurrency?: number;
  /** Run about every so many seconds across the service (0 or absent: only when sent). */
  everySeconds?: number;
}

const POLLING_INTERVAL_SECONDS = 0.5;
const STOP_TIMEOUT_MS = 15_000;

/**
 * The service's durable job queue: pg-boss on the application's own database (PostgreSQL, or the
 * embedded PGlite). Features define their jobs while modules initialise; the queue starts once
 * the application has bootstrapped and stops, letting running jobs finish, before the database
 * closes. A job an instance was running when it died is retried by another once it expires.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  private readonly definitions: JobDefinition<object>[] = [];
  private readonly workers = new Map<string, string>();
  private boss?: PgBoss;
  private started?: Promise<PgBoss>;
  private stopping = false;

  constructor(private readonly dataSource: DataSource) {}

  define<Data extends object>(definition: JobDefinition<Data>): void {
    if (this.started) throw new Error(`Job ${definition.name} defined after the queue started`);
    this.definitions.push(definition as JobDefinition<object>);
  }

  /** Starts in the background: the service answers meanwhile, and jobs sent wait for it. */
  onApplicationBootstrap(): void {
    this.start().catch((error: Error) =>
      this.logger.error(`The job queue did not start: ${error.message}`),
    );
  }

  start(): Promise<PgBoss> {
    this.started ??= this.startBoss().catch((error: unknown) => {
      this.started = undefined; // the next send tries again
      throw error;
    });
    return this.started;
  }

  /** Queues a job; null when the queue refused it as a duplicate (same id, or singleton slot). */
  async send<Data extends object>(
    name: string,
    data: Data,
    options: SendOptions = {},
  ): Promise<string | null> {
    const boss = await this.start();
    if (this.stopping) return null;
    const id = await boss.send(name, data, options);
    const later = options.startAfter !== undefined && new Date(options.startAfter) > new Date();
    const worker = this.workers.get(name);
    // Wake our own worker instead of waiting for its next poll.
    if (id && worker && !later) boss.notifyWorker(worker);
    return id;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.started?.catch(() => undefined);
    const boss = this.boss;
    if (!boss) return;
    await boss.stop({ graceful: true, close: false, timeout: STOP_TIMEOUT_MS });
  }

  private async startBoss(): Promise<PgBoss> {
    const { db, backend } = jobDatabaseFor(this.dataSource);
    const boss = new PgBoss({
      db,
      backend,
      schema: 'pgboss',
      cronWorkerIntervalSeconds: 2,
      superviseIntervalSeconds: 10,
      monitorIntervalSeconds: 10,
    });
    boss.on('error', (error: Error) => this.logger.error(`Job queue: ${error.message}`));
    boss.on('warning', (warning: { message: string }) =>
      this.logger.warn(`Job queue: ${warning.message}`),
    );
    await boss.start();
    this.boss = boss;
    for (const definition of this.definitions) await this.register(boss, definition);
    return boss;
  }

  private async register(boss: PgBoss, definition: JobDefinition<object>): Promise<void> {
    const { name } = definition;
    if (!(await boss.getQueue(name))) await boss.createQueue(name, definition.queue);
    else if (definition.queue) await boss.updateQueue(name, definition.queue);
    const workerId = await boss.work<object>(
      name,
      {
        batchSize: 1,
        pollingIntervalSeconds: POLLING_INTERVAL_SECONDS,
        localConcurrency: definition.localConcurrency ?? 1,
      },
      async ([job]) => {
        if (job) await definition.handle(job.data);
      },
    );
    this.workers.set(name, workerId);
    if (definition.everySeconds && definition.everySeconds > 0) {
      await boss.schedule(name, cronEvery(definition.everySeconds), {}, { tz: 'UTC' });
    } else {
      await boss.unschedule(name);
    }
  }
}
