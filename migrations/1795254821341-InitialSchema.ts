import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795254821341 implements MigrationInterface {
  name = 'InitialSchema1795254821341';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."user_role" AS ENUM('admin', 'dispatcher')
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "email" character varying(320) NOT NULL,
                "password_hash" character varying(255) NOT NULL,
                "role" "public"."user_role" NOT NULL DEFAULT 'dispatcher',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_users_email" ON "users" ("email")
        `);
    await queryRunner.query(`
            CREATE TABLE "drivers" (
                "driver_id" character varying(100) NOT NULL,
                "driver_name" character varying(200) NOT NULL,
                "phone_number" character varying(20) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5f281c590f512b48626ed1c86a9" PRIMARY KEY ("driver_id")
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."call_status" AS ENUM('IN_PROGRESS', 'COMPLETED', 'FAILED')
        `);
    await queryRunner.query(`
            CREATE TABLE "calls" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "call_sid" character varying(255) NOT NULL,
                "conversation_id" character varying(255),
                "twilio_call_sid" character varying(64),
                "driver_id" character varying(100) NOT NULL,
                "call_type" character varying(50) NOT NULL,
                "trip_id" character varying(100) NOT NULL,
                "violations" jsonb NOT NULL,
                "custom_rules" text,
                "request_timestamp" character varying(64) NOT NULL,
                "initiated_by" character varying(255),
                "status" "public"."call_status" NOT NULL DEFAULT 'IN_PROGRESS',
                "status_version" integer NOT NULL DEFAULT '0',
                "failure_reason" text,
                "call_start_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "call_end_time" TIMESTAMP WITH TIME ZONE,
                "call_duration_seconds" integer,
                "cost" double precision,
                "transcript_summary" text,
                "call_successful" boolean,
                "analysis_data" jsonb,
                "metadata_json" jsonb,
                "has_audio" boolean NOT NULL DEFAULT false,
                "last_sequence_number" integer NOT NULL DEFAULT '0',
                "sync_attempts" integer NOT NULL DEFAULT '0',
                "next_sync_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d9171d91f8dd1a649659f1b6a20" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_calls_call_sid" ON "calls" ("call_sid")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_calls_conversation_id" ON "calls" ("conversation_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_calls_status_start_time" ON "calls" ("status", "call_start_time", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_calls_driver_start_time" ON "calls" ("driver_id", "call_start_time", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_calls_start_time" ON "calls" ("call_start_time", "id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."speaker_type" AS ENUM('AGENT', 'DRIVER')
        `);
    await queryRunner.query(`
            CREATE TABLE "call_transcriptions" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "call_id" integer NOT NULL,
                "sequence_number" integer NOT NULL,
                "speaker_type" "public"."speaker_type" NOT NULL,
                "message_text" text NOT NULL,
                "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
                "source" character varying(16) NOT NULL,
                "delivery_key" character varying(64),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8b6d9b4ec1465e1615279dd5da5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_call_transcriptions_call_delivery" ON "call_transcriptions" ("call_id", "delivery_key")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_call_transcriptions_call_sequence" ON "call_transcriptions" ("call_id", "sequence_number")
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_events" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "type" character varying(64) NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "body" text NOT NULL,
                "body_bytes" integer NOT NULL,
                "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "call_id" integer,
                "outcome" character varying(32) NOT NULL,
                CONSTRAINT "PK_4cba37e6a0acb5e1fc49c34ebfd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_webhook_events_call" ON "webhook_events" ("call_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_webhook_events_received_at" ON "webhook_events" ("received_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "calls"
            ADD CONSTRAINT "FK_3b0ac9528c9778a7304d8cb3ab6" FOREIGN KEY ("driver_id") REFERENCES "drivers"("driver_id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "call_transcriptions"
            ADD CONSTRAINT "FK_de70f3777cab10c3d164107582e" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_events"
            ADD CONSTRAINT "FK_4f89dbe99b6fbdf9050837366e7" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "webhook_events" DROP CONSTRAINT "FK_4f89dbe99b6fbdf9050837366e7"
        `);
    await queryRunner.query(`
            ALTER TABLE "call_transcriptions" DROP CONSTRAINT "FK_de70f3777cab10c3d164107582e"
        `);
    await queryRunner.query(`
            ALTER TABLE "calls" DROP CONSTRAINT "FK_3b0ac9528c9778a7304d8cb3ab6"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_webhook_events_received_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_webhook_events_call"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_call_transcriptions_call_sequence"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_call_transcriptions_call_delivery"
        `);
    await queryRunner.query(`
            DROP TABLE "call_transcriptions"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."speaker_type"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_calls_start_time"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_calls_driver_start_time"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_calls_status_start_time"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_calls_conversation_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_calls_call_sid"
        `);
    await queryRunner.query(`
            DROP TABLE "calls"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."call_status"
        `);
    await queryRunner.query(`
            DROP TABLE "drivers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_users_email"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."user_role"
        `);
  }
}
