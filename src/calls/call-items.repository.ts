import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Transaction } from '../database/transaction.js';
import { CallItem } from './entities/call-item.entity.js';
import type { ItemOutcome, ItemOutcomeSource } from './entities/item-outcome.js';

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
