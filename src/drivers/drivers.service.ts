import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DriverOptOutsRepository } from './driver-opt-outs.repository.js';
import { DRIVER_ID_PATTERN, DRIVER_ID_RULE } from './driver-id.js';
import { type DriverChanges, DriversRepository } from './drivers.repository.js';
import { DriversException } from './drivers.exception.js';
import type {
  DriverChangeDto,
  DriverDto,
  DriverPageDto,
  DriverQueryDto,
  DriverSummaryDto,
} from './dto/driver.dto.js';
import type { Driver } from './entities/driver.entity.js';
import { driverCursor, driverCursorPosition } from './driver-cursor.js';
import { toE164 } from './phone-number.js';

function summary(driver: Driver): DriverSummaryDto {
  return {
    driver_id: driver.driverId,
    driver_name: driver.driverName,
    phone_number: driver.phoneNumber,
    language: driver.language,
    timezone: driver.timezone,
  };
}

/** The driver record: find, read with what is still open, correct. */
@Injectable()
export class DriversService {
  constructor(
    private readonly drivers: DriversRepository,
    private readonly optOuts: DriverOptOutsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {}

  async search(query: DriverQueryDto): Promise<DriverPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.drivers.search({
      q: query.q?.trim() || undefined,
      after: query.cursor ? driverCursorPosition(query.cursor) : undefined,
      limit,
    });
    const page = rows.slice(0, limit);
    return {
      drivers: page.map(summary),
      next_cursor: rows.length > limit ? driverCursor(page.at(-1)!) : null,
    };
  }

  async get(driverId: string): Promise<DriverDto> {
    const driver = await this.drivers.findById(checked(driverId));
    if (!driver) throw new DriversException('DRIVER_NOT_FOUND', `Driver ${driverId} not found`);
    const [optOut, open, last] = await Promise.all([
      this.optOuts.forbidding({ driverId, phoneNumber: driver.phoneNumber }),
      this.drivers.openItemsOf(driverId, this.config.drivers.openItemsMaxAgeDays),
      this.drivers.lastCallOf(driverId),
    ]);
    return {
      ...summary(driver),
      opted_out: optOut !== null,
      open_items: open.map((row) => ({
        call_sid: row.call_sid,
        item: row.item,
        type: row.type,
        description: row.description,
        outcome: row.outcome,
        since: new Date(row.since).toISOString(),
      })),
      last_call: last && {
        call_sid: last.call_sid,
        status: last.status,
        direction: last.direction,
        call_start_time: new Date(last.call_start_time).toISOString(),
        not_reached: last.not_reached,
        call_successful: last.call_successful,
      },
    };
  }

  async update(driverId: string, change: DriverChangeDto, actor: Actor): Promise<DriverDto> {
    const changes: DriverChanges = {};
    if (change.driver_name === null || change.phone_number === null)
      throw new DriversException(
        'INVALID_CHANGE',
        'driver_name and phone_number cannot be removed, only changed',
      );
    if (change.driver_name !== undefined) changes.driverName = change.driver_name.trim();
    if (change.phone_number !== undefined) {
      const phoneNumber = toE164(change.phone_number);
      if (!phoneNumber)
        throw new DriversException(
          'INVALID_PHONE_NUMBER',
          'phone_number must be a valid phone number (E.164, or a US number)',
        );
      changes.phoneNumber = phoneNumber;
    }
    if (change.language !== undefined) {
      changes.language = change.language;
      // A person's choice wins over what the driver is heard speaking; null: the default again.
      changes.languageSource = change.language === null ? null : 'dispatcher';
    }
    if (change.timezone !== undefined) changes.timezone = change.timezone;
    if (Object.keys(changes).length === 0)
      throw new DriversException(
        'INVALID_CHANGE',
        'Nothing to change: send driver_name, phone_number, language or timezone',
      );
    await this.transactions.run(async (tx) => {
      const before = await this.drivers.findById(checked(driverId), tx);
      if (!before) throw new DriversException('DRIVER_NOT_FOUND', `Driver ${driverId} not found`);
      await this.drivers.update(tx, driverId, changes);
      await this.audit.record(
        actor,
        {
          action: 'driver.updated',
          target: `driver:${driverId}`,
          detail: Object.fromEntries(
            Object.entries(change).map(([field, value]) => [
              field,
              { from: summary(before)[field as keyof DriverSummaryDto], to: value },
            ]),
          ),
        },
        tx,
      );
    });
    return this.get(driverId);
  }
}

function checked(driverId: string): string {
  if (!DRIVER_ID_PATTERN.test(driverId))
    throw new DriversException('INVALID_DRIVER_ID', `driver_id must be ${DRIVER_ID_RULE}`);
  return driverId;
}
