import { Injectable, Logger } from '@nestjs/common';
import type { Transaction } from '../database/transaction.js';
import type { Actor } from './actor.js';
import type { AuditAction } from './audit-action.js';
import { AuditRepository } from './audit.repository.js';

export interface AuditRecord {
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Writes the audit trail. Acts that run in a transaction record inside it (the entry commits with
 * the act); the others record right after theirs committed.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger('Audit');

  constructor(private readonly entries: AuditRepository) {}

  async record(actor: Actor, record: AuditRecord, tx?: Transaction): Promise<void> {
    await this.entries.insert(
      {
        actor: actor.name,
        actorId: actor.id,
        role: actor.role,
        clientIp: actor.clientIp,
        action: record.action,
        target: record.target ?? null,
        detail: record.detail ?? {},
      },
      tx,
    );
    this.logger.log(`${actor.name} ${record.action}${record.target ? ` ${record.target}` : ''}`);
  }

  /** Records unless the same actor recorded the same act on the same target within `windowMs`. */
  async recordOncePer(windowMs: number, actor: Actor, record: AuditRecord): Promise<void> {
    const since = new Date(Date.now() - windowMs);
    if (
      record.target &&
      (await this.entries.recordedSince(actor.name, record.action, record.target, since))
    )
      return;
    await this.record(actor, record);
  }
}
