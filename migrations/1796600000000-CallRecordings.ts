import { MigrationInterface, QueryRunner } from 'typeorm';

/** Our own copy of each call's recording: where it is, its size and type, and when it was stored. */
export class CallRecordings1796600000000 implements MigrationInterface {
  name = 'CallRecordings1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "recording_key" character varying(255),
            ADD "recording_bytes" bigint,
            ADD "recording_content_type" character varying(64),
            ADD "recording_stored_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            CREATE INDEX "IX_calls_recording_wanted" ON "calls" ("id")
            WHERE has_audio
                AND recording_key IS NULL
                AND recording_stored_at IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IX_calls_recording_stored_at" ON "calls" ("recording_stored_at")
            WHERE recording_key IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_calls_recording_stored_at"`);
    await queryRunner.query(`DROP INDEX "public"."IX_calls_recording_wanted"`);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "recording_stored_at", DROP COLUMN "recording_content_type",
            DROP COLUMN "recording_bytes", DROP COLUMN "recording_key"
        `);
  }
}
