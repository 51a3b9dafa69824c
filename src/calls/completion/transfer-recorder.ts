import { Injectable } from '@nestjs/common';
import { systemActor } from '../../audit/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import type { Transaction } from '../../database/transaction.js';
import { maskPhone } from '../../drivers/phone-number.js';
import { DispatcherAlertsRepository } from '../../escalation/dispatcher-alerts.repository.js';
import { DutyRosterRepository } from '../../escalation/duty-roster.repository.js';
import { isEmergencyReason } from '../placement/transfer-instructions.js';
import type { Call } from '../record/call.entity.js';
import type { CallTransfer } from './transfer-result.js';

/** Who reports transfers: the platform's post-call data. */
const PLATFORM = systemActor('elevenlabs-post-call');

/**
 * What a call's transfer changes, in the transaction that stores it: the audit trail, the
 * dispatcher it reached goes to the back of the line, and an emergency that reached nobody
 * alerts the whole team. Returns the alert's id when one was raised.
 */
@Injectable()
export class TransferRecorder {
  constructor(
    private readonly roster: DutyRosterRepository,
    private readonly alerts: DispatcherAlertsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async record(tx: Transaction, call: Call, transfer: CallTransfer): Promise<number | null> {
    const emergency = isEmergencyReason(transfer.reason);
    await this.audit.record(
      PLATFORM,
      {
        action: 'call.transferred',
        target: call.callSid,
        detail: {
          to: transfer.to ? maskPhone(transfer.to) : null,
          reason: transfer.reason,
          succeeded: transfer.succeeded,
          emergency,
          at: transfer.at.toISOString(),
        },
      },
      tx,
    );
    if (transfer.succeeded && transfer.to)
      await this.roster.transferredTo(tx, transfer.to, transfer.at);
    if (transfer.succeeded || !emergency) return null;
    const alertId = await this.alerts.raise(tx, {
      callId: call.id,
      kind: 'emergency_transfer_failed',
      reason: transfer.reason,
    });
    if (alertId !== null)
      await this.audit.record(
        PLATFORM,
        {
          action: 'dispatcher_alert.raised',
          target: `dispatcher_alert:${alertId}`,
          detail: { call_sid: call.callSid, kind: 'emergency_transfer_failed' },
        },
        tx,
      );
    return alertId;
  }
}
