import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike, queryRows } from '../database/sql.js';
import { DEFAULT_CALL_LANGUAGE } from './call-language.js';
import type { Transaction } from '../database/transaction.js';
import { SETTLED_OUTCOMES } from '../item-vocabulary/item-outcomes.js';
import type { ViolationType } from '../item-vocabulary/violation-detail.js';
import { Driver } from './entities/driver.entity.js';

/** Who a driver is, as the last call or campaign gave it. */
export type DriverDetails = Pick<Driver, 'driverId' | 'driverName' | 'phoneNumber'> & {
  timezone?: string | null;
  /** Chosen by a person for this call or campaign. */
  language?: string | null;
};

export type DriverChanges = Partial<
  Pick<Driver, 'driverName' | 'phoneNumber' | 'language' | 'languageSource' | 'timezone'>
>;

/** An item of one of the driver's calls that no outcome has settled. */
export interface OpenItemRow {
  call_id: number;
  call_sid: string;
  trip_id: string;
  item: number;
  type: ViolationType;
  description: string;
  outcome: string | null;
  since: Date;
}

export interface LastCallRow {
  call_sid: string;
  status: string;
  direction: string;
  call_start_time: Date;
  not_reached: string | null;
  call_successful: boolean | null;
}

/**
 * Open: not settled (`resolved`, `acknowledged`), not taken over by a later call's copy, of a call
 * that has ended, and no older than the age limit; newest first.
 */
const OPEN_ITEMS = `
  SELECT c.id AS call_id, c.call_sid, c.trip_id, i.item, i.type, i.description, i.outcome,
         coalesce(c.call_end_time, c.call_start_time) AS since
    FROM call_items i
    JOIN calls c ON c.id = i.call_id
   WHERE c.driver_id = $1
     AND c.status <> 'IN_PROGRESS'
     AND i.superseded_by_call_id IS NULL
     AND (i.outcome IS NULL OR i.outcome <> ALL($2::text[]))
     AND c.call_start_time > now() - make_interval(days => $3)
   ORDER BY since DESC, c.id DESC, i.item ASC
   LIMIT $4`;

/** The driver most recently called on a number (a cab phone can be shared). */
const BY_PHONE = `
  SELECT d.driver_id
    FROM drivers d
    LEFT JOIN LATERAL (
      SELECT max(c.call_start_time) AS last FROM calls c WHERE c.driver_id = d.driver_id
    ) latest ON true
   WHERE d.phone_number = $1
   ORDER BY latest.last DESC NULLS LAST, d.updated_at DESC
   LIMIT 1`;

/** A language given here was chosen by a person: it is the driver's from now on. */
const RECORD_MANY = `
  INSERT INTO drivers (driver_id, driver_name, phone_number, timezone, language, language_source)
  SELECT d.id, d.name, d.phone, d.zone, d.language,
         CASE WHEN d.language IS NULL THEN NULL ELSE 'dispatcher' END
    FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[])
         AS d(id, name, phone, zone, language)
  ON CONFLICT (driver_id) DO UPDATE
     SET driver_name = EXCLUDED.driver_name,
         phone_number = EXCLUDED.phone_number,
         timezone = coalesce(EXCLUDED.timezone, drivers.timezone),
         language = coalesce(EXCLUDED.language, drivers.language),
         language_source = coalesce(EXCLUDED.language_source, drivers.language_source),
         updated_at = now()
  RETURNING driver_id, language`;

/**
 * What the driver spoke, unless a person chose their language; nothing when it is what they
 * would be called in anyway (no language on record means the default, $3).
 */
const LEARN_LANGUAGE = `
  UPDATE drivers SET language = $2, language_source = 'platform', updated_at = now()
   WHERE driver_id = $1 AND language_source IS DISTINCT FROM 'dispatcher'
     AND coalesce(language, $3) <> $2
  RETURNING driver_id`;

@Injectable()
export class DriversRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(driverId: string, tx?: Transaction): Promise<Driver | null> {
    return this.manager(tx).getRepository(Driver).findOneBy({ driverId });
  }

  async findByPhone(phoneNumber: string): Promise<Driver | null> {
    const [row] = await queryRows<{ driver_id: string }>(this.manager(), BY_PHONE, [phoneNumber]);
    return row ? this.findById(row.driver_id) : null;
  }

  /**
   * Creates the driver, or brings their name, number (and zone and language, when given) up to
   * date; the driver's language on record after it.
   */
  async record(tx: Transaction, driver: DriverDetails): Promise<string | null> {
    const [row] = await this.recordMany(tx, [driver]);
    return row?.language ?? null;
  }

  /** `record` for many drivers at once (a campaign's list); what is not given keeps the record's. */
  recordMany(
    tx: Transaction,
    drivers: DriverDetails[],
  ): Promise<{ driver_id: string; language: string | null }[]> {
    if (drivers.length === 0) return Promise.resolve([]);
    return queryRows(tx.manager, RECORD_MANY, [
      drivers.map((d) => d.driverId),
      drivers.map((d) => d.driverName),
      drivers.map((d) => d.phoneNumber),
      drivers.map((d) => d.timezone ?? null),
      drivers.map((d) => d.language ?? null),
    ]);
  }

  /** The language the driver spoke on a call, kept unless a person chose one; true when changed. */
  async learnLanguage(tx: Transaction, driverId: string, language: string): Promise<boolean> {
    const rows = await queryRows(tx.manager, LEARN_LANGUAGE, [
      driverId,
      language,
      DEFAULT_CALL_LANGUAGE,
    ]);
    return rows.length > 0;
  }

  async update(tx: Transaction, driverId: string, changes: DriverChanges): Promise<Driver> {
    await tx.manager.getRepository(Driver).update({ driverId }, changes);
    return tx.manager.getRepository(Driver).findOneByOrFail({ driverId });
  }

  /** A page of drivers whose name, id or phone contains `q`, by name, after `after`. */
  search(options: {
    q?: string;
    after?: { name: string; id: string };
    limit: number;
  }): Promise<Driver[]> {
    const query = this.manager()
      .getRepository(Driver)
      .createQueryBuilder('driver')
      .orderBy('driver.driver_name', 'ASC')
      .addOrderBy('driver.driver_id', 'ASC')
      .limit(options.limit + 1);
    if (options.q) {
      const digits = options.q.replace(/[^\d]/g, '');
      query.andWhere(
        `(driver.driver_name ILIKE :text ESCAPE '\\' OR driver.driver_id ILIKE :text ESCAPE '\\'${
          digits.length >= 3 ? ' OR driver.phone_number LIKE :digits' : ''
        })`,
        { text: `%${escapeLike(options.q)}%`, digits: `%${digits}%` },
      );
    }
    if (options.after)
      query.andWhere('(driver.driver_name, driver.driver_id) > (:afterName, :afterId)', {
        afterName: options.after.name,
        afterId: options.after.id,
      });
    return query.getMany();
  }

  openItemsOf(driverId: string, maxAgeDays: number, limit = 100): Promise<OpenItemRow[]> {
    return queryRows<OpenItemRow>(this.manager(), OPEN_ITEMS, [
      driverId,
      SETTLED_OUTCOMES,
      maxAgeDays,
      limit,
    ]);
  }

  async lastCallOf(driverId: string): Promise<LastCallRow | null> {
    const [row] = await queryRows<LastCallRow>(
      this.manager(),
      `SELECT call_sid, status, direction, call_start_time, not_reached, call_successful FROM calls
        WHERE driver_id = $1 ORDER BY call_start_time DESC, id DESC LIMIT 1`,
      [driverId],
    );
    return row ?? null;
  }

  private manager(tx?: Transaction): EntityManager {
    return tx?.manager ?? this.dataSource.manager;
  }
}
