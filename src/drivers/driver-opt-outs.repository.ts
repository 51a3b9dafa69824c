import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Transaction } from '../database/transaction.js';
import { queryRows } from '../database/sql.js';
import { DriverOptOut, type OptOutSource } from './entities/driver-opt-out.entity.js';
import { Driver } from './entities/driver.entity.js';

export interface OptOutChange {
  driverId: string;
  optedOut: boolean;
  reason: string | null;
  source: OptOutSource;
  changedBy: string;
}

/** Someone who may be called: a driverId and the E.164 number a call would ring. */
export interface Callee {
  driverId: string;
  phoneNumber: string;
}

interface OptOutRow {
  driver_id: string;
  phone_number: string | null;
  opted_out: boolean;
  reason: string | null;
  source: OptOutSource;
  changed_by: string;
  changed_at: Date;
}

/**
 * The opt-outs in force for these numbers and driverIds: by the driverId, by the number kept
 * with the opt-out, or by the number the opted-out driver has on record now.
 */
const OPT_OUTS_OF = `
  SELECT o.*, callee.driver_id AS callee
  FROM unnest($1::varchar[], $2::varchar[]) AS callee(driver_id, phone_number)
  JOIN driver_opt_outs o ON o.opted_out AND (
    o.driver_id = callee.driver_id
    OR o.phone_number = callee.phone_number
    OR o.driver_id IN (SELECT d.driver_id FROM drivers d WHERE d.phone_number = callee.phone_number)
  )
  ORDER BY (o.driver_id = callee.driver_id) DESC, o.changed_at DESC`;

function entityOf(row: OptOutRow): DriverOptOut {
  return Object.assign(new DriverOptOut(), {
    driverId: row.driver_id,
    phoneNumber: row.phone_number,
    optedOut: row.opted_out,
    reason: row.reason,
    source: row.source,
    changedBy: row.changed_by,
    changedAt: new Date(row.changed_at),
  });
}

/** Drivers' opt-outs: one row per driver that ever opted out (or back in). */
@Injectable()
export class DriverOptOutsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(driverId: string): Promise<DriverOptOut | null> {
    return this.dataSource.getRepository(DriverOptOut).findOneBy({ driverId });
  }

  /** The opt-out that forbids calling this driverId at this number, if any (its own first). */
  async forbidding(callee: Callee): Promise<DriverOptOut | null> {
    const rows = await this.optOutsOf([callee]);
    return rows[0] ? entityOf(rows[0]) : null;
  }

  /** Of these callees, the driverIds an opt-out forbids calling (by driverId or by number). */
  async optedOutAmong(callees: Callee[], tx?: Transaction): Promise<Set<string>> {
    if (callees.length === 0) return new Set();
    const rows = await this.optOutsOf(callees, tx);
    return new Set(rows.map((row) => row.callee));
  }

  /**
   * Keeps the number the driver has on record with the opt-out, so it holds for that number
   * whatever driverId a later call uses.
   */
  async save(change: OptOutChange, tx?: Transaction): Promise<DriverOptOut> {
    const manager = tx?.manager ?? this.dataSource.manager;
    const driver = await manager.getRepository(Driver).findOneBy({ driverId: change.driverId });
    const row = { ...change, phoneNumber: driver?.phoneNumber ?? null, changedAt: new Date() };
    await manager
      .createQueryBuilder()
      .insert()
      .into(DriverOptOut)
      .values(row)
      .orUpdate(
        ['opted_out', 'reason', 'source', 'changed_by', 'changed_at', 'phone_number'],
        ['driver_id'],
      )
      .execute();
    return Object.assign(new DriverOptOut(), row);
  }

  private optOutsOf(
    callees: Callee[],
    tx?: Transaction,
  ): Promise<(OptOutRow & { callee: string })[]> {
    return queryRows(tx?.manager ?? this.dataSource.manager, OPT_OUTS_OF, [
      callees.map((callee) => callee.driverId),
      callees.map((callee) => callee.phoneNumber),
    ]);
  }
}
