import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Transaction } from '../database/transaction.js';
import { Driver } from './entities/driver.entity.js';

/** Who a driver is, as the last call placed to them gave it. */
export type DriverDetails = Pick<Driver, 'driverId' | 'driverName' | 'phoneNumber'>;

@Injectable()
export class DriversRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(driverId: string): Promise<Driver | null> {
    return this.dataSource.getRepository(Driver).findOneBy({ driverId });
  }

  /** Creates the driver, or brings their name and number up to date (every placed call does). */
  async record(tx: Transaction, driver: DriverDetails): Promise<void> {
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(Driver)
      .values(driver)
      .orUpdate(['driver_name', 'phone_number', 'updated_at'], ['driver_id'])
      .execute();
  }
}
