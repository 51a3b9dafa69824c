import type { DataSource, QueryRunner } from 'typeorm';
import {
  DELETE_SEEDED,
  FOREIGN_CALLS,
  SEED_AUDIT,
  SEED_CALLS,
  SEED_CAMPAIGN_DRIVERS,
  SEED_CAMPAIGNS,
  SEED_DRIVERS,
  SEED_ITEMS,
  SEED_OPT_OUTS,
  SEED_TURNS,
} from './fleet-seed.sql.js';

export interface FleetSize {
  calls: number;
  drivers: number;
  days: number;
}

/** Calls per statement: big enough to be set-based, small enough to report progress. */
const CHUNK_CALLS = 50_000;

/**
 * Fills a database with a fleet's year (see fleet-seed.sql.ts), on one connection so that
 * `setseed` makes every run the same.
 */
export class FleetSeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  async foreignCalls(): Promise<number> {
    const [row] = (await this.dataSource.query(FOREIGN_CALLS)) as { n: number }[];
    return row?.n ?? 0;
  }

  async seed(size: FleetSize, progress: (done: number) => void): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SET synchronous_commit = off');
      await runner.query('SET statement_timeout = 0');
      await runner.query('SELECT setseed(0.4242)');
      for (const statement of DELETE_SEEDED) await runner.query(statement);
      await runner.query(SEED_DRIVERS, [size.drivers]);
      await runner.query(SEED_OPT_OUTS);
      const campaigns = Math.max(1, Math.ceil(size.calls / 2000));
      await runner.query(SEED_CAMPAIGNS, [campaigns, size.days]);
      for (let first = 1; first <= size.calls; first += CHUNK_CALLS) {
        const last = Math.min(size.calls, first + CHUNK_CALLS - 1);
        await this.seedChunk(runner, size, campaigns, first, last);
        progress(last);
      }
      for (const table of [
        'calls',
        'call_items',
        'call_transcriptions',
        'drivers',
        'audit_entries',
      ])
        await runner.query(`ANALYZE ${table}`);
    } finally {
      await runner.release();
    }
  }

  private async seedChunk(
    runner: QueryRunner,
    size: FleetSize,
    campaigns: number,
    first: number,
    last: number,
  ): Promise<void> {
    await runner.startTransaction();
    try {
      const [ids] = (await runner.query(SEED_CALLS, [
        first,
        last,
        size.calls,
        size.drivers,
        size.days,
        campaigns,
      ])) as { first: number; last: number }[];
      const range = [ids!.first, ids!.last];
      await runner.query(SEED_ITEMS, range);
      await runner.query(SEED_TURNS, range);
      await runner.query(SEED_CAMPAIGN_DRIVERS, range);
      await runner.query(SEED_AUDIT, range);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }
}
