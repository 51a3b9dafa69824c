import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';
import type { BucketRow, CallStatsRow, DayRow, ItemStatsRow } from './analytics.repository.js';
import { ROLLUP_FOLDS } from './analytics-rollups.sql.js';

/** Whole UTC days, `from` inclusive and `to` exclusive (YYYY-MM-DD); either may be open. */
export interface DayRange {
  from?: string;
  to?: string;
}

function daysWhere(range: DayRange, params: unknown[]): string {
  const conditions = ['TRUE'];
  if (range.from) conditions.push(`day >= $${params.push(range.from)}::date`);
  if (range.to) conditions.push(`day < $${params.push(range.to)}::date`);
  return conditions.join(' AND ');
}

/**
 * The fleet summary from the daily rollups (migration FleetScale): the same rows the plain
 * queries of AnalyticsRepository give, for whole days, read from a few hundred rows a year.
 */
@Injectable()
export class AnalyticsRollupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  callStats(range: DayRange): Promise<CallStatsRow[]> {
    const params: unknown[] = [];
    return this.rows(
      `SELECT status, sum(calls)::int AS calls, sum(outbound)::int AS outbound,
              sum(answered)::int AS answered, sum(inbound)::int AS inbound,
              sum(cost)::float AS cost, sum(costed)::int AS costed,
              sum(connected)::int AS connected, sum(transfers)::int AS transfers,
              sum(transfers_succeeded)::int AS transfers_succeeded
         FROM analytics_call_days WHERE ${daysWhere(range, params)} GROUP BY status`,
      params,
    );
  }

  itemStats(range: DayRange): Promise<ItemStatsRow[]> {
    const params: unknown[] = [];
    return this.rows(
      `SELECT outcome, type, sum(items)::int AS items
         FROM analytics_item_days WHERE ${daysWhere(range, params)} GROUP BY 1, 2`,
      params,
    );
  }

  commitmentHistogram(range: DayRange): Promise<BucketRow[]> {
    const params: unknown[] = [];
    return this.rows(
      `SELECT bucket, sum(items)::int AS items
         FROM analytics_commitment_days WHERE ${daysWhere(range, params)} GROUP BY 1`,
      params,
    );
  }

  perDay(range: DayRange): Promise<DayRow[]> {
    const params: unknown[] = [];
    const where = daysWhere(range, params);
    return this.rows(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.calls, d.answered, d.cost,
              coalesce(r.items, 0) AS items_resolved
         FROM (SELECT day, sum(calls)::int AS calls, sum(connected)::int AS answered,
                      sum(cost)::float AS cost
                 FROM analytics_call_days WHERE ${where} GROUP BY day) d
         LEFT JOIN (SELECT day, sum(items)::int AS items FROM analytics_item_days
                     WHERE ${where} AND outcome = 'resolved' GROUP BY day) r USING (day)
        WHERE d.calls > 0
        ORDER BY d.day`,
      params,
    );
  }

  /** Folds the deltas the triggers appended since the last fold. */
  async fold(): Promise<void> {
    for (const statement of ROLLUP_FOLDS) await this.rows(statement, []);
  }

  private rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return queryRows<T>(this.dataSource.manager, sql, params);
  }
}
