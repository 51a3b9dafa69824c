import { MigrationInterface, QueryRunner } from 'typeorm';

/** Calls a driver (or an unknown number) makes to the agent: their direction and caller. */
export class InboundCalls1796200000000 implements MigrationInterface {
  name = 'InboundCalls1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "direction" character varying(8) NOT NULL DEFAULT 'outbound',
            ADD "caller_number" character varying(20),
            ALTER COLUMN "driver_id" DROP NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "campaign_drivers" ADD "completion_note" character varying(200)
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_calls_direction_start_time" ON "calls" ("direction", "call_start_time")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "campaign_drivers" DROP COLUMN "completion_note"`);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_calls_direction_start_time"
        `);
    await queryRunner.query(`DELETE FROM "calls" WHERE "driver_id" IS NULL`);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "caller_number",
            DROP COLUMN "direction",
            ALTER COLUMN "driver_id" SET NOT NULL
        `);
  }
}
