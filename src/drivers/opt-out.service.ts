import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { UserRole } from '../auth/user-role.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DRIVER_ID_PATTERN, DRIVER_ID_RULE } from './driver-id.js';
import { DriverOptOutsRepository } from './driver-opt-outs.repository.js';
import { DriversException } from './drivers.exception.js';
import type { OptOutChangeDto, OptOutDto } from './dto/opt-out.dto.js';
import type { DriverOptOut } from './entities/driver-opt-out.entity.js';

function view(driverId: string, row: DriverOptOut | null): OptOutDto {
  return {
    driver_id: driverId,
    opted_out: row?.optedOut ?? false,
    reason: row?.reason ?? null,
    source: row?.source ?? null,
    changed_by: row?.changedBy ?? null,
    changed_at: row?.changedAt.toISOString() ?? null,
  };
}

/** Whether a driver may be called: campaigns skip them, Part 1 refuses them. */
@Injectable()
export class OptOutService {
  constructor(
    private readonly optOuts: DriverOptOutsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditTrail,
  ) {}

  async get(driverId: string): Promise<OptOutDto> {
    return view(this.checked(driverId), await this.optOuts.find(driverId));
  }

  /** Anyone may opt a driver out; only an admin may make them callable again. */
  async set(driverId: string, change: OptOutChangeDto, actor: Actor): Promise<OptOutDto> {
    this.checked(driverId);
    if (!change.opted_out && actor.role !== UserRole.ADMIN)
      throw new DriversException(
        'ADMIN_ONLY',
        `Only admins may make driver ${driverId} callable again; you are signed in as a ${actor.role ?? 'guest'}`,
      );
    const row = await this.transactions.run(async (tx) => {
      const saved = await this.optOuts.save(
        {
          driverId,
          optedOut: change.opted_out,
          reason: change.reason ?? null,
          source: 'dispatcher',
          changedBy: actor.id ?? actor.name,
        },
        tx,
      );
      await this.audit.record(
        actor,
        {
          action: 'opt_out.changed',
          target: `driver:${driverId}`,
          detail: { opted_out: saved.optedOut, reason: saved.reason, source: saved.source },
        },
        tx,
      );
      return saved;
    });
    return view(driverId, row);
  }

  private checked(driverId: string): string {
    if (!DRIVER_ID_PATTERN.test(driverId)) {
      throw new DriversException('INVALID_DRIVER_ID', `driver_id must be ${DRIVER_ID_RULE}`);
    }
    return driverId;
  }
}
