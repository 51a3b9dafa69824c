import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who can take a transferred call: a user's phone, since when they are on duty, their languages. */
export class DispatcherDuty1796400000000 implements MigrationInterface {
  name = 'DispatcherDuty1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "phone_number" character varying(20),
            ADD "on_duty_since" TIMESTAMP WITH TIME ZONE,
            ADD "languages" text array NOT NULL DEFAULT '{en}',
            ADD "last_transfer_at" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "last_transfer_at", DROP COLUMN "languages",
            DROP COLUMN "on_duty_since", DROP COLUMN "phone_number"
        `);
  }
}
