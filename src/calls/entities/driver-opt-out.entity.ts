import { Column, Entity, PrimaryColumn } from 'typeorm';

export type OptOutSource = 'dispatcher' | 'driver';

/** A driver's wish not to be called (kept when they opt back in, with who changed it). */
@Entity({ name: 'driver_opt_outs' })
export class DriverOptOut {
  @PrimaryColumn({ name: 'driver_id', type: 'varchar', length: 100 })
  driverId!: string;

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
