import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A call's violations and reminders as numbered items with an outcome each, and what ElevenLabs'
 * data collection says about the driver. Calls placed before get their items from `violations`,
 * numbered as their prompt showed them (violations first, then reminders, in request order).
 */
export class CallItems1795500000000 implements MigrationInterface {
  name = 'CallItems1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "call_items" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "call_id" integer NOT NULL,
                "item" smallint NOT NULL,
                "type" character varying(16) NOT NULL,
                "description" text NOT NULL,
                "outcome" character varying(16),
                "eta_minutes" integer,
                "driver_note" text,
                "source" character varying(16),
                "updated_at" TIMESTAMP WITH TIME ZONE,
                "updated_by" character varying(255),
                "superseded_by_call_id" integer,
                CONSTRAINT "PK_8fa9bb387bca8f177b3905e28c0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_call_items_superseded_by" ON "call_items" ("superseded_by_call_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_call_items_outcome" ON "call_items" ("outcome")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_call_items_call_item" ON "call_items" ("call_id", "item")
        `);
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "needs_dispatcher" boolean
        `);
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "driver_opt_out" boolean
        `);
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "driver_language" character varying(32)
        `);
    await queryRunner.query(`
            ALTER TABLE "call_items"
            ADD CONSTRAINT "FK_aa0253cac6888162fd5330170a7" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            INSERT INTO "call_items" ("call_id", "item", "type", "description")
            SELECT c.id,
                   row_number() OVER (PARTITION BY c.id ORDER BY (d.value->>'type') <> 'violation', d.ordinality),
                   d.value->>'type', d.value->>'description'
              FROM "calls" c, jsonb_array_elements(c.violations) WITH ORDINALITY AS d(value, ordinality)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "call_items" DROP CONSTRAINT "FK_aa0253cac6888162fd5330170a7"
        `);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "driver_language"
        `);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "driver_opt_out"
        `);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "needs_dispatcher"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_call_items_call_item"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_call_items_outcome"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_call_items_superseded_by"
        `);
    await queryRunner.query(`
            DROP TABLE "call_items"
        `);
  }
}
