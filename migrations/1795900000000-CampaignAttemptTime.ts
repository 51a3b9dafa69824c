import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign driver keeps when its current attempt was asked for: the attempt's identity (its
 * call_sid is made from it), so a redial after a crash is the same call.
 */
export class CampaignAttemptTime1795900000000 implements MigrationInterface {
  name = 'CampaignAttemptTime1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "campaign_drivers"
            ADD "attempt_requested_at" character varying(64)
        `);
    // Current attempts claimed before this column: their call_sid is EL_{driver_id}_{timestamp}.
    await queryRunner.query(`
            UPDATE "campaign_drivers"
            SET "attempt_requested_at" = substr("call_sids"->>-1, length("driver_id") + 5)
            WHERE "state" = 'in_progress' AND jsonb_array_length("call_sids") > 0
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "campaign_drivers" DROP COLUMN "attempt_requested_at"
        `);
  }
}
