import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql.js';
import type { Transaction } from '../database/transaction.js';
import type { DispatcherAlertView } from '../events/realtime-messages.js';
import type { DispatcherAlertKind } from './dispatcher-alert.entity.js';

/** An alert with what the team needs to act on it (the call and its driver), as stored. */
export type DispatcherAlertRow = Omit<DispatcherAlertView, 'created_at' | 'acknowledged_at'> & {
  created_at: Date;
  acknowledged_at: Date | null;
};

const ALERT_ROWS = `
  SELECT a.id, a.kind, a.reason, a.created_at, a.acknowledged_at, a.acknowledged_by,
         c.call_sid, c.conversation_id, c.driver_id, d.driver_name,
         coalesce(d.phone_number, c.caller_number) AS phone_number
    FROM dispatcher_alerts a
    JOIN calls c ON c.id = a.call_id
    LEFT JOIN drivers d ON d.driver_id = c.driver_id`;

/** Every query on `dispatcher_alerts`. */
@Injectable()
export class DispatcherAlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The new alert's id; null when the call already has one of this kind (a repeated post-call). */
  async raise(
    tx: Transaction,
    alert: { callId: number; kind: DispatcherAlertKind; reason: string | null },
  ): Promise<number | null> {
    const rows = await queryRows<{ id: number }>(
      tx.manager,
      `INSERT INTO dispatcher_alerts (call_id, kind, reason) VALUES ($1, $2, $3)
       ON CONFLICT (call_id, kind) DO NOTHING RETURNING id`,
      [alert.callId, alert.kind, alert.reason],
    );
    return rows[0]?.id ?? null;
  }

  async find(id: number): Promise<DispatcherAlertRow | null> {
    const rows = await queryRows<DispatcherAlertRow>(
      this.dataSource.manager,
      `${ALERT_ROWS} WHERE a.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Newest first; `open`: only those nobody acknowledged yet. */
  list(open: boolean, limit: number): Promise<DispatcherAlertRow[]> {
    return queryRows<DispatcherAlertRow>(
      this.dataSource.manager,
      `${ALERT_ROWS} ${open ? 'WHERE a.acknowledged_at IS NULL' : ''}
       ORDER BY a.created_at DESC, a.id DESC LIMIT $1`,
      [limit],
    );
  }

  /** True when this acknowledged it; false when someone already had (or no such alert). */
  async acknowledge(tx: Transaction, id: number, by: string): Promise<boolean> {
    const rows = await queryRows<{ id: number }>(
      tx.manager,
      `UPDATE dispatcher_alerts SET acknowledged_at = now(), acknowledged_by = $2
        WHERE id = $1 AND acknowledged_at IS NULL RETURNING id`,
      [id, by],
    );
    return rows.length > 0;
  }
}
