import { Injectable } from '@nestjs/common';
import { CallsException } from './calls.exception.js';
import { DRIVER_ID_PATTERN, DRIVER_ID_RULE } from './driver-id.js';
import { DriverOptOutsRepository } from './driver-opt-outs.repository.js';
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
  constructor(private readonly optOuts: DriverOptOutsRepository) {}

  async get(driverId: string): Promise<OptOutDto> {
    return view(this.checked(driverId), await this.optOuts.find(driverId));
  }

  async set(driverId: string, change: OptOutChangeDto, changedBy: string): Promise<OptOutDto> {
    const row = await this.optOuts.save({
      driverId: this.checked(driverId),
      optedOut: change.opted_out,
      reason: change.reason ?? null,
      source: 'dispatcher',
      changedBy,
    });
    return view(driverId, row);
  }

  private checked(driverId: string): string {
    if (!DRIVER_ID_PATTERN.test(driverId)) {
      throw new CallsException('INVALID_IDENTIFIER', `driver_id must be ${DRIVER_ID_RULE}`);
    }
    return driverId;
  }
}
