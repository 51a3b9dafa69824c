import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import type { Transaction } from './transaction.js';

/** PostgreSQL session advisory locks: work that one instance at a time may do. */
@Injectable()
export class AdvisoryLockRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Runs `work` while holding the lock `key`, or returns null at once when another session holds
   * it. The embedded database belongs to one process, so there it simply runs.
   */
  async withTryLock<T>(key: number, work: () => Promise<T>): Promise<T | null> {
    if (this.config.database.kind === 'pglite') return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        key,
      ])) as [{ locked: boolean }];
      if (!locked) return null;
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Waits for the lock `key`, held until the transaction ends. */
  async lockUntilCommit(tx: Transaction, key: number): Promise<void> {
    await tx.manager.query('SELECT pg_advisory_xact_lock($1)', [key]);
  }
}
