import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type OptOutSource = 'dispatcher' | 'driver';

/** A driver's wish not to be called (kept when they opt back in, with who changed it). */
@Entity({ name: 'driver_opt_outs' })
@Index('IX_driver_opt_outs_phone_number', ['phoneNumber'])
export class DriverOptOut {
  @PrimaryColumn({ name: 'driver_id', type: 'varchar', length: 100 })
  driverId!: string;

  /**
   * E.164 number the driver had when they opted out (null when we never had one): the opt-out
   * follows the number, whatever driverId a later call uses.
   */
  @Column({ name: 'phone_number', type: 'varchar', length: 20, nullable: true })
  phoneNumber!: string | null;

  @Column({ name: 'opted_out', type: 'boolean' })
  optedOut!: boolean;

  @Column({ name: 'reason', type: 'text', nullable: true })
  reason!: string | null;

  /** `driver`: they asked on a call (data collection); `dispatcher`: through the API. */
  @Column({ name: 'source', type: 'varchar', length: 16 })
  source!: OptOutSource;

  @Column({ name: 'changed_by', type: 'varchar', length: 255 })
  changedBy!: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
