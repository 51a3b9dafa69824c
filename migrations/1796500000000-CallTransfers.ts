import { MigrationInterface, QueryRunner } from 'typeorm';

/** A call's transfer to a person, and the alerts the whole team must acknowledge. */
export class CallTransfers1796500000000 implements MigrationInterface {
  name = 'CallTransfers1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "transfer_to" character varying(32),
            ADD "transfer_reason" text,
            ADD "transfer_at" TIMESTAMP WITH TIME ZONE,
            ADD "transfer_succeeded" boolean
        `);
    await queryRunner.query(`
            CREATE TABLE "dispatcher_alerts" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "call_id" integer NOT NULL,
                "kind" character varying(32) NOT NULL,
                "reason" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_by" character varying(320),
                CONSTRAINT "PK_59ce54e6767619082199bcf0d65" PRIMARY KEY ("id"),
                CONSTRAINT "FK_2872bd2e06e39c0fa3e59e12b4e" FOREIGN KEY ("call_id")
                    REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IX_dispatcher_alerts_open" ON "dispatcher_alerts" ("acknowledged_at", "created_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_dispatcher_alerts_call_kind" ON "dispatcher_alerts" ("call_id", "kind")
        `);
    await queryRunner.query(`
            CREATE INDEX "IX_calls_need_a_person" ON "calls" ("driver_id")
            WHERE transfer_succeeded = false
                OR needs_dispatcher
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_calls_need_a_person"`);
    await queryRunner.query(`DROP TABLE "dispatcher_alerts"`);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "transfer_succeeded", DROP COLUMN "transfer_at",
            DROP COLUMN "transfer_reason", DROP COLUMN "transfer_to"
        `);
  }
}
