import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';

export interface AnalyticsFilter {
  from?: Date;
  to?: Date;
  driverId?: string;
}

export interface CallStatsRow {
  status: string;
  calls: number;
  /** Outbound calls only: the answer rate is about calls we placed. */
  outbound: number;
  answered: number;
  inbound: number;
  cost: number | null;
  costed: number;
  /** Calls someone spoke on, either direction: what a transfer rate is out of. */
  connected: number;
  transfers: number;
  transfers_succeeded: number;
}

export interface ItemStatsRow {
  outcome: string;
  type: string;
  items: number;
}

export interface BucketRow {
  bucket: number;
  items: number;
}

export interface DayRow {
  day: string;
  calls: number;
  answered: number;
  cost: number | null;
  items_resolved: number;
}

/** Where an export page ended: the last call's start time (as text, exact) and id. */
export interface ExportPosition {
  startKey: string;
  id: number;
}

/** A page of the export: its CSV lines, and where it ended. */
export interface ExportPage {
  text: string;
  last: ExportPosition;
}

/** A timestamp as JavaScript's toISOString writes it (UTC, milliseconds). */
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The export's columns, in order, each as PostgreSQL renders its cell (as text). */
export const CSV_COLUMNS: [name: string, value: string][] = [
  ['call_sid', 'c.call_sid'],
  ['conversation_id', 'c.conversation_id'],
  ['driver_id', 'c.driver_id'],
  ['driver_name', 'd.driver_name'],
  ['status', 'c.status'],
  ['call_start_time', iso('c.call_start_time')],
  ['call_end_time', iso('c.call_end_time')],
  ['call_duration_seconds', 'c.call_duration_seconds'],
  ['cost', 'c.cost'],
  ['call_successful', 'c.call_successful'],
  ['item', 'i.item'],
  ['item_type', 'i.type'],
  ['description', 'i.description'],
  ['outcome', 'i.outcome'],
  ['eta_minutes', 'i.eta_minutes'],
  ['driver_note', 'i.driver_note'],
  ['outcome_source', 'i.source'],
];

/** The calls a report covers: started in [from, to), of one driver or all. */
function callsWhere(filter: AnalyticsFilter, params: unknown[]): string {
  const conditions = ['TRUE'];
  if (filter.from) conditions.push(`c.call_start_time >= $${params.push(filter.from)}`);
  if (filter.to) conditions.push(`c.call_start_time < $${params.push(filter.to)}`);
  if (filter.driverId) conditions.push(`c.driver_id = $${params.push(filter.driverId)}`);
  return conditions.join(' AND ');
}

/** Every query behind the fleet summary and the export. A call was answered if anyone spoke. */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  callStats(filter: AnalyticsFilter): Promise<CallStatsRow[]> {
    const params: unknown[] = [];
    return this.rows(
      `SELECT c.status, count(*)::int AS calls,
              count(*) FILTER (WHERE c.direction = 'outbound')::int AS outbound,
              count(*) FILTER (WHERE c.direction = 'outbound' AND c.call_duration_seconds > 0)::int
                AS answered,
              count(*) FILTER (WHERE c.direction = 'inbound')::int AS inbound,
              sum(c.cost)::float AS cost, count(c.cost)::int AS costed,
              count(*) FILTER (WHERE c.call_duration_seconds > 0)::int AS connected,
              count(c.transfer_at)::int AS transfers,
              count(*) FILTER (WHERE c.transfer_succeeded)::int AS transfers_succeeded
         FROM calls c WHERE ${callsWhere(filter, params)} GROUP BY c.status`,
      params,
    );
  }

  itemStats(filter: AnalyticsFilter): Promise<ItemStatsRow[]> {
    const params: unknown[] = [];
    return this.rows(
      `SELECT coalesce(i.outcome, 'unknown') AS outcome, i.type, count(*)::int AS items
         FROM call_items i JOIN calls c ON c.id = i.call_id
        WHERE ${callsWhere(filter, params)} GROUP BY 1, 2`,
      params,
    );
  }

  /** Items the driver committed on, by minutes from placing the call (the rollups' buckets). */
  commitmentHistogram(filter: AnalyticsFilter): Promise<BucketRow[]> {
    const params: unknown[] = [];
    return this.rows(
      `SELECT analytics_commitment_bucket(extract(epoch FROM i.updated_at - c.call_start_time))
                AS bucket, count(*)::int AS items
         FROM call_items i JOIN calls c ON c.id = i.call_id
        WHERE ${callsWhere(filter, params)}
          AND i.outcome IN ('resolved', 'will_fix', 'acknowledged')
          AND i.source IN ('live', 'post_call')
        GROUP BY 1`,
      params,
    );
  }

  perDay(filter: AnalyticsFilter): Promise<DayRow[]> {
    const params: unknown[] = [];
    return this.rows(
      `SELECT to_char(date_trunc('day', c.call_start_time AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
              count(*)::int AS calls,
              count(*) FILTER (WHERE c.call_duration_seconds > 0)::int AS answered,
              sum(c.cost)::float AS cost,
              coalesce(sum(r.resolved), 0)::int AS items_resolved
         FROM calls c
         LEFT JOIN LATERAL (
           SELECT count(*) AS resolved FROM call_items i
            WHERE i.call_id = c.id AND i.outcome = 'resolved') r ON TRUE
        WHERE ${callsWhere(filter, params)}
        GROUP BY 1 ORDER BY 1`,
      params,
    );
  }

  /**
   * Calls with their items, oldest first, a page at a time, as CSV lines PostgreSQL writes
   * (`csv_cell`): one string a page, where rows as objects left the process garbage to collect
   * faster than it did. Keyset on (start time, id), read from IDX_calls_start_time, so a month of
   * a year starts where the month does; the position carries the start time as PostgreSQL wrote
   * it (microseconds, which a Date would lose). Null when no call is left.
   */
  async exportPage(
    filter: AnalyticsFilter,
    after: ExportPosition | null,
    calls: number,
  ): Promise<ExportPage | null> {
    const params: unknown[] = [];
    const where = callsWhere(filter, params);
    const keyset = after
      ? ` AND (c.call_start_time, c.id) > ($${params.push(after.startKey)}::timestamptz, $${params.push(after.id)})`
      : '';
    const cells = CSV_COLUMNS.map(([, value]) => `csv_cell((${value})::text)`).join(', ');
    const [page] = await this.rows<{ text: string | null; start_key: string; id: number }>(
      `SELECT string_agg(p.line, '' ORDER BY p.call_start_time, p.id, p.item) AS text,
              (array_agg(p.start_key ORDER BY p.call_start_time DESC, p.id DESC))[1] AS start_key,
              (array_agg(p.id ORDER BY p.call_start_time DESC, p.id DESC))[1] AS id
         FROM (SELECT c.id, c.call_start_time, c.call_start_time::text AS start_key, i.item,
                      concat_ws(',', ${cells}) || E'\r\n' AS line
                 FROM (SELECT * FROM calls c WHERE ${where}${keyset}
                        ORDER BY c.call_start_time, c.id LIMIT $${params.push(calls)}) c
                 LEFT JOIN drivers d ON d.driver_id = c.driver_id
                 LEFT JOIN call_items i ON i.call_id = c.id) p`,
      params,
    );
    if (!page?.text) return null;
    return { text: page.text, last: { startKey: page.start_key, id: page.id } };
  }

  private rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return queryRows<T>(this.dataSource.manager, sql, params);
  }
}
