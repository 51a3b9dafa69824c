import type { LanguageSource } from '../call-language.js';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One record per driver, kept up to date from every call and campaign. */
@Entity({ name: 'drivers' })
@Index('IX_drivers_phone_number', ['phoneNumber'])
// The drivers list and its search, in name order.
@Index('IX_drivers_name_id', ['driverName', 'driverId'])
export class Driver {
  @PrimaryColumn({ name: 'driver_id', type: 'varchar', length: 100 })
  driverId!: string;

  @Column({ name: 'driver_name', type: 'varchar', length: 200 })
  driverName!: string;

  /** E.164. */
  @Column({ name: 'phone_number', type: 'varchar', length: 20 })
  phoneNumber!: string;

  /** The language to call them in (ISO 639-1, `es`); null: the default. */
  @Column({ name: 'language', type: 'varchar', length: 16, nullable: true })
  language!: string | null;

  /** Who set the language: `dispatcher` (a person, who wins) or `platform` (what they spoke). */
  @Column({ name: 'language_source', type: 'varchar', length: 16, nullable: true })
  languageSource!: LanguageSource | null;

  /** IANA zone: their quiet hours, and a campaign's default when a row gives none. */
  @Column({ name: 'timezone', type: 'varchar', length: 64, nullable: true })
  timezone!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
