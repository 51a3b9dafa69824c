import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { KeysetPosition } from '../common/keyset-cursor.js';
import type { Transaction } from '../database/transaction.js';
import { AuditEntry } from './audit-entry.entity.js';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditFilter {
  /** A user's email or a token subject. */
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inside `tx` when given, so the entry commits (or not) with the act it records. */
  async insert(entry: NewAuditEntry, tx?: Transaction): Promise<void> {
    const manager = tx?.manager ?? this.dataSource.manager;
    await manager.getRepository(AuditEntry).insert(entry as QueryDeepPartialEntity<AuditEntry>);
  }

  /** Whether this actor already has an entry of this action on this target since `since`. */
  async recordedSince(
    actor: string,
    action: string,
    target: string,
    since: Date,
  ): Promise<boolean> {
    const found = await this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('entry')
      .where('entry.actor = :actor AND entry.action = :action AND entry.at >= :since', {
        actor,
        action,
        since,
      })
      .andWhere('entry.target = :target', { target })
      .getExists();
    return found;
  }

  /** Newest first; `before` is the keyset position of the previous page's last row. */
  list(filter: AuditFilter, limit: number, before?: KeysetPosition): Promise<AuditEntry[]> {
    const query = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('entry')
      .orderBy('entry.at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .limit(limit);
    if (filter.actor)
      query.andWhere('(entry.actor = :actor OR entry.actor_id = :actor)', { actor: filter.actor });
    if (filter.action) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('entry.at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('entry.at < :to', { to: filter.to });
    if (before) query.andWhere('(entry.at, entry.id) < (:at, :id)', before);
    return query.getMany();
  }
}
