import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Transaction } from '../database/transaction.js';
import { DriverOptOut, type OptOutSource } from './entities/driver-opt-out.entity.js';

export interface OptOutChange {
  driverId: string;
  optedOut: boolean;
  reason: string | null;
  source: OptOutSource;
  changedBy: string;
}

/** Drivers' opt-outs: one row per driver that ever opted out (or back in). */
@Injectable()
export class DriverOptOutsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(driverId: string): Promise<DriverOptOut | null> {
    return this.dataSource.getRepository(DriverOptOut).findOneBy({ driverId });
  }

  async isOptedOut(driverId: string): Promise<boolean> {
    return (await this.find(driverId))?.optedOut === true;
  }

  /** Of these drivers, the ones opted out. */
  async optedOutAmong(driverIds: string[], tx?: Transaction): Promise<Set<string>> {
    if (driverIds.length === 0) return new Set();
    const manager = tx?.manager ?? this.dataSource.manager;
    const rows = await manager
      .getRepository(DriverOptOut)
      .findBy({ driverId: In(driverIds), optedOut: true });
    return new Set(rows.map((row) => row.driverId));
  }

  async save(change: OptOutChange, tx?: Transaction): Promise<DriverOptOut> {
    const manager = tx?.manager ?? this.dataSource.manager;
    const row = { ...change, changedAt: new Date() };
    await manager
      .createQueryBuilder()
      .insert()
      .into(DriverOptOut)
      .values(row)
      .orUpdate(['opted_out', 'reason', 'source', 'changed_by', 'changed_at'], ['driver_id'])
      .execute();
    return Object.assign(new DriverOptOut(), row);
  }
}
