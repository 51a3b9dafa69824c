import type { DataSource, QueryRunner } from 'typeorm';
import { rollupBackfill } from '../../analytics/analytics-rollups.sql.js';
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
  SEED_PERSON_NEEDED,
  SEED_TURNS,
  SEEDED_CALLS_WHERE,
  SEEDED_TABLES,
  TRUNCATE_SEEDED,
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
      // On this runner: the embedded database has one connection, which the runner holds.
      const [{ n: foreign }] = (await runner.query(FOREIGN_CALLS)) as [{ n: number }];
      const reset = foreign === 0 ? [...TRUNCATE_SEEDED, ...DELETE_SEEDED] : DELETE_SEEDED;
      for (const statement of reset) await runner.query(statement);
      await runner.query(SEED_DRIVERS, [size.drivers]);
      await runner.query(SEED_OPT_OUTS);
      const campaigns = Math.max(1, Math.ceil(size.calls / 2000));
      await runner.query(SEED_CAMPAIGNS, [campaigns, size.days]);
      for (let first = 1; first <= size.calls; first += CHUNK_CALLS) {
        const last = Math.min(size.calls, first + CHUNK_CALLS - 1);
        await this.seedChunk(runner, size, campaigns, first, last);
        progress(last);
      }
      // Statistics first: the trigger run below plans its lookups once, and without them it
      // would read the whole table for every row.
      for (const table of [
        'calls',
        'call_items',
        'call_transcriptions',
        'drivers',
        'audit_entries',
      ])
        await runner.query(`ANALYZE ${table}`);
      // What the triggers (off while the chunks were written) would have kept.
      await runner.query(SEED_PERSON_NEEDED);
      for (const statement of rollupBackfill(SEEDED_CALLS_WHERE)) await runner.query(statement);
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
      // Per row, the triggers would cost most of the time; the chunk's transaction holds the
      // tables meanwhile, and a failure rolls this back with the rest.
      for (const table of SEEDED_TABLES)
        await runner.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
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
      for (const table of SEEDED_TABLES)
        await runner.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }
}
