import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccessControl1795700000000 implements MigrationInterface {
  name = 'AccessControl1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_entries" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor" character varying(320) NOT NULL,
                "actor_id" character varying(200),
                "role" character varying(20),
                "action" character varying(64) NOT NULL,
                "target" character varying(320),
                "detail" jsonb NOT NULL,
                "client_ip" character varying(64),
                CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IX_audit_entries_action_at" ON "audit_entries" ("action", "at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IX_audit_entries_actor_at" ON "audit_entries" ("actor", "at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IX_audit_entries_at" ON "audit_entries" ("at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "disabled" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "tokens_valid_after" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "updated_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "tokens_valid_after"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "disabled"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IX_audit_entries_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IX_audit_entries_actor_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IX_audit_entries_action_at"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_entries"
        `);
  }
}
