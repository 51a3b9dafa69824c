import { MigrationInterface, QueryRunner } from 'typeorm';

/** An opt-out follows the phone number: the number the driver had, kept with the opt-out. */
export class OptOutPhoneNumbers1795800000000 implements MigrationInterface {
  name = 'OptOutPhoneNumbers1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "driver_opt_outs"
            ADD "phone_number" character varying(20)
        `);
    await queryRunner.query(`
            UPDATE "driver_opt_outs" o
            SET "phone_number" = d."phone_number"
            FROM "drivers" d
            WHERE d."driver_id" = o."driver_id"
        `);
    await queryRunner.query(`
            CREATE INDEX "IX_driver_opt_outs_phone_number" ON "driver_opt_outs" ("phone_number")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IX_driver_opt_outs_phone_number"
        `);
    await queryRunner.query(`
            ALTER TABLE "driver_opt_outs" DROP COLUMN "phone_number"
        `);
  }
}
