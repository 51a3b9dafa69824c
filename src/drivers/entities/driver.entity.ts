import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'drivers' })
export class Driver {
  @PrimaryColumn({ name: 'driver_id', type: 'varchar', length: 100 })
  driverId!: string;

  @Column({ name: 'driver_name', type: 'varchar', length: 200 })
  driverName!: string;

  /** E.164. */
  @Column({ name: 'phone_number', type: 'varchar', length: 20 })
  phoneNumber!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
