import { Injectable } from '@nestjs/common';
import { systemActor } from '../../audit/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import type { Transaction } from '../../database/transaction.js';
import { isCallLanguage } from '../../drivers/call-language.js';
import { DriverOptOutsRepository } from '../../drivers/driver-opt-outs.repository.js';
import { DriversRepository } from '../../drivers/drivers.repository.js';
import type { Call } from '../record/call.entity.js';

/** Who changes the driver record from what ElevenLabs extracted after a call. */
export const DATA_COLLECTION = systemActor('elevenlabs-data-collection');

/** The language a finished call was held in: the platform's `main_language`, else data collection. */
export function spokenLanguage(
  metadata: Record<string, unknown> | null,
  collected: string | null,
): string | null {
  for (const value of [metadata?.main_language, collected]) {
    const code = typeof value === 'string' ? value.trim().slice(0, 2).toLowerCase() : '';
    if (isCallLanguage(code)) return code;
  }
  return null;
}

/**
 * What a finished call teaches about its driver: that they asked not to be called again, and
 * the language they speak (kept for the next call unless a person chose one). Both audited.
 */
@Injectable()
export class DriverLearning {
  constructor(
    private readonly optOuts: DriverOptOutsRepository,
    private readonly drivers: DriversRepository,
    private readonly audit: AuditTrail,
  ) {}

  async learn(
    tx: Transaction,
    call: Call,
    before: Pick<Call, 'driverOptOut'>,
    language: string | null,
  ): Promise<void> {
    if (!call.driverId) return;
    if (call.driverOptOut === true && before.driverOptOut !== true) {
      await this.optOuts.save(
        {
          driverId: call.driverId,
          optedOut: true,
          reason: `Asked not to be called again on call ${call.callSid}`,
          source: 'driver',
          changedBy: DATA_COLLECTION.name,
        },
        tx,
      );
      await this.audit.record(
        DATA_COLLECTION,
        {
          action: 'opt_out.changed',
          target: `driver:${call.driverId}`,
          detail: { opted_out: true, source: 'driver', call_sid: call.callSid },
        },
        tx,
      );
    }
    if (language && (await this.drivers.learnLanguage(tx, call.driverId, language))) {
      await this.audit.record(
        DATA_COLLECTION,
        {
          action: 'driver.language_learnt',
          target: `driver:${call.driverId}`,
          detail: { language, call_sid: call.callSid },
        },
        tx,
      );
    }
  }
}
