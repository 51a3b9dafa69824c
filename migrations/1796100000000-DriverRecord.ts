import { MigrationInterface, QueryRunner } from 'typeorm';

/** The driver record: their language and time zone, found by phone number. */
export class DriverRecord1796100000000 implements MigrationInterface {
  name = 'DriverRecord1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "drivers"
            ADD "language" character varying(16),
            ADD "timezone" character varying(64)
        `);
    await queryRunner.query(`
            CREATE INDEX "IX_drivers_phone_number" ON "drivers" ("phone_number")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IX_drivers_phone_number"
        `);
    await queryRunner.query(`
            ALTER TABLE "drivers" DROP COLUMN "timezone",
            DROP COLUMN "language"
        `);
  }
}
