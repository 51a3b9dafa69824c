import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a call said first, when the driver asked to be called back, why a campaign driver waits. */
export class Compliance1796000000000 implements MigrationInterface {
  name = 'Compliance1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "first_message" text,
            ADD "call_back_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "campaign_drivers"
            ADD "waiting_reason" character varying(200)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "campaign_drivers" DROP COLUMN "waiting_reason"
        `);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "call_back_at",
            DROP COLUMN "first_message"
        `);
  }
}
