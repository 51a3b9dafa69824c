import { MigrationInterface, QueryRunner } from 'typeorm';

export class Campaigns1795600000000 implements MigrationInterface {
  name = 'Campaigns1795600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "campaigns" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "campaign_id" character varying(40) NOT NULL,
                "name" character varying(200) NOT NULL,
                "call_type" character varying(50) NOT NULL,
                "timezone" character varying(64) NOT NULL,
                "window_start" character varying(5) NOT NULL,
                "window_end" character varying(5) NOT NULL,
                "concurrency" integer NOT NULL,
                "max_attempts" integer NOT NULL,
                "retry_delay_seconds" integer NOT NULL,
                "status" character varying(16) NOT NULL,
                "created_by" character varying(255) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_60ee2b4f0cdf0dc22c52ea1ac96" UNIQUE ("campaign_id"),
                CONSTRAINT "PK_831e3fcd4fc45b4e4c3f57a9ee4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_campaigns_status" ON "campaigns" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_campaigns_created" ON "campaigns" ("created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "campaign_drivers" (
                "campaign_id" integer NOT NULL,
                "driver_id" character varying(100) NOT NULL,
                "position" integer NOT NULL,
                "driver" jsonb NOT NULL,
                "timezone" character varying(64) NOT NULL,
                "state" character varying(16) NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "call_sids" jsonb NOT NULL DEFAULT '[]',
                "next_attempt_at" TIMESTAMP WITH TIME ZONE,
                "skip_reason" character varying(32),
                "last_failure" text,
                "claimed_at" TIMESTAMP WITH TIME ZONE,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a50e08045879760f77ae09f003e" PRIMARY KEY ("campaign_id", "driver_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_campaign_drivers_state" ON "campaign_drivers" ("state")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_campaign_drivers_due" ON "campaign_drivers" ("campaign_id", "state", "next_attempt_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "driver_opt_outs" (
                "driver_id" character varying(100) NOT NULL,
                "opted_out" boolean NOT NULL,
                "reason" text,
                "source" character varying(16) NOT NULL,
                "changed_by" character varying(255) NOT NULL,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_c4ed3df4022c2426bbd4b9d1945" PRIMARY KEY ("driver_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "not_reached" character varying(16)
        `);
    // Calls that ended before this column: initiation failures said why in failure_reason.
    await queryRunner.query(`
            UPDATE "calls" SET "not_reached" = "failure_reason"
            WHERE "status" = 'FAILED' AND "failure_reason" IN ('busy', 'no-answer')
        `);
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "campaign_id" integer
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_calls_campaign" ON "calls" ("campaign_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "campaign_drivers"
            ADD CONSTRAINT "FK_6155792e66c5295ebe09c6bcda2" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "campaign_drivers" DROP CONSTRAINT "FK_6155792e66c5295ebe09c6bcda2"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_calls_campaign"
        `);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "campaign_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "not_reached"
        `);
    await queryRunner.query(`
            DROP TABLE "driver_opt_outs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_campaign_drivers_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_campaign_drivers_state"
        `);
    await queryRunner.query(`
            DROP TABLE "campaign_drivers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_campaigns_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_campaigns_status"
        `);
    await queryRunner.query(`
            DROP TABLE "campaigns"
        `);
  }
}
