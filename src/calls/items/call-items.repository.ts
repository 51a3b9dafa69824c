import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../../database/sql.js';
import type { Transaction } from '../../database/transaction.js';
import { CallItem } from './call-item.entity.js';
import {
  type ItemOutcome,
  type ItemOutcomeSource,
  SETTLED_OUTCOMES,
} from '../../item-vocabulary/item-outcomes.js';

export const FOLLOW_UP_REASONS = [
  'disputed',
  'not_discussed',
  'eta_passed',
  'needs_dispatcher',
  'call_failed',
  'driver_asked_callback',
  'transfer_failed',
] as const;
export type FollowUpReason = (typeof FOLLOW_UP_REASONS)[number];

export interface FollowUpFilter {
  driverId?: string;
  reason?: FollowUpReason;
  from?: Date;
  to?: Date;
  /** Keyset: entries strictly older than this (since, item id). */
  before?: { at: Date; id: number };
  limit: number;
}

export interface FollowUpRow {
  /** An item's id; minus the call's id for a call-level entry (keeps the keyset unique). */
  id: number;
  /** `call`: the call itself needs a dispatcher (a failed transfer, or needs_dispatcher with no open item). */
  scope: 'item' | 'call';
  call_sid: string;
  conversation_id: string | null;
  driver_id: string;
  driver_name: string | null;
  phone_number: string | null;
  trip_id: string;
  item: number | null;
  type: 'violation' | 'reminder' | null;
  description: string | null;
  outcome: string | null;
  reason: FollowUpReason;
  since: Date;
  /** The time the driver asked to be called back at (reason driver_asked_callback). */
  call_back_at: Date | null;
}

/** SETTLED_OUTCOMES as SQL literals: the queue's index is partial on exactly this list. */
const SETTLED = SETTLED_OUTCOMES.map((outcome) => `'${outcome}'`).join(', ');

/**
 * The review queue. Item entries: why an open item needs a dispatcher, first reason first, and
 * since when (`queue_since`, kept by triggers: see migration FleetScale, which has the rule);
 * open: not settled ($1, SETTLED_OUTCOMES), and not taken over by a follow-up call.
 * Call entries: a call whose transfer to a person failed, or that needs a dispatcher and has no
 * open item; they leave the queue once a call with the driver started after it completes, or a
 * follow-up call takes its items over (`person_needed`, kept by triggers, finds the candidates).
 */
const ITEM_ENTRIES = `
    SELECT i.id, 'item' AS scope, c.call_sid, c.conversation_id, c.driver_id, d.driver_name,
           d.phone_number, c.trip_id, i.item, i.type, i.description, i.outcome, c.call_back_at,
           CASE
             WHEN c.call_back_at IS NOT NULL AND c.status <> 'IN_PROGRESS'
                  THEN 'driver_asked_callback'
             WHEN i.outcome = 'disputed' THEN 'disputed'
             WHEN i.outcome = 'not_discussed' THEN 'not_discussed'
             WHEN i.outcome = 'will_fix' AND i.eta_minutes IS NOT NULL
                  AND i.updated_at + make_interval(mins => i.eta_minutes) < now() THEN 'eta_passed'
             WHEN c.needs_dispatcher AND c.status <> 'IN_PROGRESS' THEN 'needs_dispatcher'
             WHEN i.outcome IS NULL AND c.status = 'FAILED' THEN 'call_failed'
             WHEN i.outcome IS NULL AND c.status = 'COMPLETED' THEN 'not_discussed'
           END AS reason,
           i.queue_since AS since
      FROM call_items i
      JOIN calls c ON c.id = i.call_id
      LEFT JOIN drivers d ON d.driver_id = c.driver_id
     WHERE i.superseded_by_call_id IS NULL
       AND (i.outcome IS NULL OR i.outcome NOT IN (${SETTLED}))`;

const CALL_ENTRIES = `
    SELECT -c.id AS id, 'call' AS scope, c.call_sid, c.conversation_id, c.driver_id,
           d.driver_name, d.phone_number, c.trip_id, NULL::smallint AS item,
           NULL::varchar AS type, NULL::text AS description, NULL::varchar AS outcome,
           c.call_back_at,
           CASE
             WHEN c.transfer_succeeded = false THEN 'transfer_failed'
             WHEN NOT EXISTS (
               SELECT 1 FROM call_items open_item
                WHERE open_item.call_id = c.id AND open_item.superseded_by_call_id IS NULL
                  AND (open_item.outcome IS NULL OR open_item.outcome <> ALL($1::text[]))
             ) THEN 'needs_dispatcher'
           END AS reason,
           CASE
             WHEN c.transfer_succeeded = false THEN c.transfer_at
             ELSE coalesce(c.call_end_time, c.call_start_time)
           END AS since
      FROM calls c
      LEFT JOIN drivers d ON d.driver_id = c.driver_id
     WHERE c.person_needed AND (c.transfer_succeeded = false OR c.needs_dispatcher)
       AND c.status <> 'IN_PROGRESS' AND c.driver_id IS NOT NULL
       AND NOT EXISTS (
         SELECT 1 FROM call_items taken
          WHERE taken.call_id = c.id AND taken.superseded_by_call_id IS NOT NULL
       )
       AND NOT EXISTS (
         SELECT 1 FROM calls later
          WHERE later.driver_id = c.driver_id AND later.status = 'COMPLETED'
            AND later.call_start_time > c.call_start_time
       )`;

export interface OutcomeChange {
  outcome: ItemOutcome;
  etaMinutes: number | null;
  driverNote: string | null;
  source: ItemOutcomeSource;
  updatedBy: string;
}

/** Every query on `call_items`: a call's violations and reminders and their outcomes. */
@Injectable()
export class CallItemsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  itemsOf(callId: number, tx?: Transaction): Promise<CallItem[]> {
    return this.manager(tx)
      .getRepository(CallItem)
      .find({ where: { callId }, order: { item: 'ASC' } });
  }

  /**
   * Sets one item's outcome unless its current source is one of `keepFrom` (an outcome a
   * dispatcher set is not overwritten by the agent). The updated item, or null when kept.
   */
  setOutcome(
    callId: number,
    item: number,
    change: OutcomeChange,
    keepFrom: ItemOutcomeSource[] = [],
    tx?: Transaction,
  ): Promise<CallItem | null> {
    return this.update(
      this.manager(tx),
      callId,
      item,
      change,
      keepFrom.length > 0 ? keepFrom : null,
    );
  }

  /** After the call: fills only the items nobody (the agent, a dispatcher) has settled. */
  async fillUnsettled(
    tx: Transaction,
    callId: number,
    changes: (OutcomeChange & { item: number })[],
  ): Promise<CallItem[]> {
    const filled: CallItem[] = [];
    for (const change of changes) {
      const row = await this.update(tx.manager, callId, change.item, change, 'any');
      if (row) filled.push(row);
    }
    return filled;
  }

  /** `keepFrom`: sources that are not overwritten (`any`: only an unset item is changed). */
  private async update(
    manager: EntityManager,
    callId: number,
    item: number,
    change: OutcomeChange,
    keepFrom: ItemOutcomeSource[] | 'any' | null,
  ): Promise<CallItem | null> {
    const query = manager
      .getRepository(CallItem)
      .createQueryBuilder()
      .update()
      .set({
        outcome: change.outcome,
        etaMinutes: change.etaMinutes,
        driverNote: change.driverNote,
        source: change.source,
        updatedBy: change.updatedBy,
        updatedAt: () => 'now()',
      })
      .where('call_id = :callId AND item = :item', { callId, item })
      .returning('*');
    if (keepFrom === 'any') query.andWhere('source IS NULL');
    else if (keepFrom)
      query.andWhere('(source IS NULL OR source NOT IN (:...keepFrom))', { keepFrom });
    const result = await query.execute();
    return (result.raw as Record<string, unknown>[]).map(fromRow)[0] ?? null;
  }

  /** One page of the follow-up queue, newest first, with one extra row to tell whether more follow. */
  followUps(filter: FollowUpFilter): Promise<FollowUpRow[]> {
    const conditions: string[] = [];
    // $1: the outcomes that close an item (the queue's own definition of "open").
    const params: unknown[] = [[...SETTLED_OUTCOMES]];
    const add = (sql: (...placeholders: string[]) => string, ...values: unknown[]) => {
      const placeholders = values.map((value) => `$${params.push(value)}`);
      conditions.push(` AND ${sql(...placeholders)}`);
    };
    if (filter.driverId) add((p) => `driver_id = ${p}`, filter.driverId);
    if (filter.reason) add((p) => `reason = ${p}`, filter.reason);
    if (filter.from) add((p) => `since >= ${p}`, filter.from);
    if (filter.to) add((p) => `since < ${p}`, filter.to);
    if (filter.before)
      add((at, id) => `(since, id) < (${at}, ${id})`, filter.before.at, filter.before.id);
    const limit = `$${params.push(filter.limit + 1)}`;
    // Each kind of entry newest first on its own (the items from their index), then merged.
    const newest = (entries: string) =>
      `(SELECT * FROM (${entries}) entry WHERE reason IS NOT NULL${conditions.join('')}
         ORDER BY since DESC, id DESC LIMIT ${limit})`;
    // A failed transfer is only ever a call's entry: no need to walk every open item for one.
    const kinds =
      filter.reason === 'transfer_failed'
        ? [newest(CALL_ENTRIES)]
        : [newest(ITEM_ENTRIES), newest(CALL_ENTRIES)];
    return queryRows<FollowUpRow>(
      this.dataSource.manager,
      `SELECT * FROM (${kinds.join(' UNION ALL ')}) queue
        ORDER BY since DESC, id DESC LIMIT ${limit}`,
      params,
    );
  }

  /** Per call: how many items it has, and how many an outcome settled (resolved, acknowledged). */
  async tallies(callSids: string[]): Promise<Map<string, { total: number; settled: number }>> {
    if (callSids.length === 0) return new Map();
    const rows = await queryRows<{ call_sid: string; total: number; settled: number }>(
      this.dataSource.manager,
      `SELECT c.call_sid, count(i.id)::int AS total,
              count(i.id) FILTER (WHERE i.outcome = ANY($2::text[]))::int AS settled
         FROM calls c JOIN call_items i ON i.call_id = c.id
        WHERE c.call_sid = ANY($1::text[])
        GROUP BY c.call_sid`,
      [callSids, [...SETTLED_OUTCOMES]],
    );
    return new Map(rows.map((row) => [row.call_sid, { total: row.total, settled: row.settled }]));
  }

  /** A call's items still open (not settled, not taken over by a follow-up call). */
  async openItemsOf(callId: number): Promise<CallItem[]> {
    return (await this.itemsOf(callId)).filter(
      (item) =>
        item.supersededByCallId === null &&
        (item.outcome === null || !SETTLED_OUTCOMES.includes(item.outcome)),
    );
  }

  private manager(tx?: Transaction): EntityManager {
    return tx?.manager ?? this.dataSource.manager;
  }
}

/** `RETURNING *` gives column names; the entity uses property names. */
function fromRow(row: Record<string, unknown>): CallItem {
  return {
    id: row.id as number,
    callId: row.call_id as number,
    item: row.item as number,
    type: row.type as CallItem['type'],
    description: row.description as string,
    outcome: row.outcome as CallItem['outcome'],
    etaMinutes: row.eta_minutes as number | null,
    driverNote: row.driver_note as string | null,
    source: row.source as CallItem['source'],
    updatedAt: row.updated_at ? new Date(row.updated_at as string) : null,
    updatedBy: row.updated_by as string | null,
    supersededByCallId: row.superseded_by_call_id as number | null,
  };
}
