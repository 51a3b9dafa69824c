import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DISPATCHER_ALERT_ACKNOWLEDGED } from '../events/domain-events.js';
import { EventBus } from '../events/event-bus.js';
import type { DispatcherAlertView } from '../events/realtime-messages.js';
import { dispatcherAlertView } from './dispatcher-alert-view.js';
import { DispatcherAlertsRepository } from './dispatcher-alerts.repository.js';
import { EscalationException } from './escalation.exception.js';

/** How many alerts one list returns: an unacknowledged pile longer than this is a bigger problem. */
const MAX_ALERTS = 200;

/** The alerts every on-duty dispatcher sees until someone acknowledges them. */
@Injectable()
export class DispatcherAlertsService {
  constructor(
    private readonly alerts: DispatcherAlertsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditTrail,
    private readonly events: EventBus,
  ) {}

  async list(status: 'open' | 'all' = 'open'): Promise<DispatcherAlertView[]> {
    const rows = await this.alerts.list(status === 'open', MAX_ALERTS);
    return rows.map(dispatcherAlertView);
  }

  /** Idempotent: acknowledging an acknowledged alert answers it as it is, audited once. */
  async acknowledge(id: number, actor: Actor): Promise<DispatcherAlertView> {
    const acknowledged = await this.transactions.run(async (tx) => {
      const changed = await this.alerts.acknowledge(tx, id, actor.name);
      if (changed)
        await this.audit.record(
          actor,
          { action: 'dispatcher_alert.acknowledged', target: `dispatcher_alert:${id}`, detail: {} },
          tx,
        );
      return changed;
    });
    const row = await this.alerts.find(id);
    if (!row) throw new EscalationException('ALERT_NOT_FOUND', `Alert ${id} not found`);
    const view = dispatcherAlertView(row);
    if (acknowledged)
      this.events.emit(DISPATCHER_ALERT_ACKNOWLEDGED, {
        message: {
          type: 'dispatcher_alert_acknowledged',
          id,
          acknowledged_at: view.acknowledged_at!,
          acknowledged_by: view.acknowledged_by!,
        },
      });
    return view;
  }
}
