import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RecordTranscriptionFunction1795300000000 } from './1795300000000-RecordTranscriptionFunction.js';

/**
 * Live turns from every source through one function, and one definition of "the same turn".
 * - `turn_key(speaker, words)`: the speaker and the words with white space folded and case
 *   ignored. The delivered-turn check below uses it, and the post-call merge asks the database
 *   for the same keys (TranscriptRepository), so the two never disagree.
 * - `record_transcription` now says where the turn came from (`webhook`, `monitor`, `twilio`) and
 *   what kind of event the log row is; `record_transcriptions` passes both per item.
 * - The lease of the instance that follows a call's monitoring socket, and Twilio's call SID
 *   indexed for its transcription callbacks.
 */
export class LiveTurns1795400000000 implements MigrationInterface {
  name = 'LiveTurns1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calls" ADD "live_follower" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "calls" ADD "live_lease_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "IDX_calls_twilio_call_sid" ON "calls" ("twilio_call_sid") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_call_transcriptions_unkeyed" ON "call_transcriptions" ("call_id") WHERE delivery_key IS NULL`,
    );
    await new RecordTranscriptionFunction1795300000000().down(queryRunner);
    await queryRunner.query(`
      CREATE FUNCTION turn_key(p_speaker speaker_type, p_text text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT p_speaker::text || '|' || lower(btrim(regexp_replace(p_text, '\\s+', ' ', 'g'))) $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION record_transcription(
        p_ref varchar, p_by_conversation boolean, p_speaker speaker_type, p_text text, p_timestamp timestamptz,
        p_key varchar, p_source varchar, p_log_type varchar, p_log_body text, p_log_bytes integer,
        p_signed_at double precision)
      RETURNS TABLE (
        r_outcome text, r_call_id integer, r_call_sid varchar, r_conversation_id varchar, r_id integer,
        r_sequence_number integer, r_speaker_type speaker_type, r_message_text text, r_timestamp timestamptz,
        r_source varchar, r_delivery_key varchar, r_created_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_call record;
        v_sequence integer;
        v_turn call_transcriptions%ROWTYPE;
        v_outcome text;
      BEGIN
        SELECT c.id, c.call_sid, c.conversation_id INTO v_call FROM calls c
          WHERE c.conversation_id = p_ref OR (NOT p_by_conversation AND c.call_sid = p_ref) FOR UPDATE;
        IF v_call.id IS NULL THEN
          INSERT INTO webhook_events (type, body, body_bytes, signed_at, call_id, outcome)
            VALUES (p_log_type, p_log_body, p_log_bytes, to_timestamp(p_signed_at), NULL, 'unknown_call');
          r_outcome := 'unknown_call';
          RETURN NEXT;
          RETURN;
        END IF;
        -- A redelivery has our key (the unique index finds it); a turn stored from the full
        -- transcript has no key and the same words (the partial index holds only those).
        SELECT t.* INTO v_turn FROM call_transcriptions t
          WHERE t.call_id = v_call.id AND t.delivery_key = p_key;
        IF v_turn.id IS NULL THEN
          SELECT t.* INTO v_turn FROM call_transcriptions t
            WHERE t.call_id = v_call.id AND t.delivery_key IS NULL
              AND turn_key(t.speaker_type, t.message_text) = turn_key(p_speaker, p_text)
            ORDER BY t.sequence_number LIMIT 1;
        END IF;
        IF v_turn.id IS NOT NULL AND v_turn.delivery_key = p_key THEN
          v_outcome := 'duplicate';
        ELSIF v_turn.id IS NOT NULL THEN
          UPDATE call_transcriptions SET delivery_key = p_key WHERE id = v_turn.id;
          v_turn.delivery_key := p_key;
          v_outcome := 'claimed';
        ELSE
          UPDATE calls SET last_sequence_number = last_sequence_number + 1 WHERE id = v_call.id
            RETURNING last_sequence_number INTO v_sequence;
          INSERT INTO call_transcriptions (call_id, sequence_number, speaker_type, message_text, timestamp, source, delivery_key)
            VALUES (v_call.id, v_sequence, p_speaker, p_text, p_timestamp, p_source, p_key)
            RETURNING * INTO v_turn;
          v_outcome := 'stored';
        END IF;
        INSERT INTO webhook_events (type, body, body_bytes, signed_at, call_id, outcome)
          VALUES (p_log_type, p_log_body, p_log_bytes, to_timestamp(p_signed_at), v_call.id, v_outcome);
        RETURN QUERY SELECT v_outcome, v_call.id, v_call.call_sid, v_call.conversation_id, v_turn.id,
          v_turn.sequence_number, v_turn.speaker_type, v_turn.message_text, v_turn.timestamp, v_turn.source,
          v_turn.delivery_key, v_turn.created_at;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION record_transcriptions(p_items jsonb)
      RETURNS TABLE (
        r_index integer, r_outcome text, r_call_id integer, r_call_sid varchar, r_conversation_id varchar, r_id integer,
        r_sequence_number integer, r_speaker_type speaker_type, r_message_text text, r_timestamp timestamptz,
        r_source varchar, r_delivery_key varchar, r_created_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_refs varchar[] := ARRAY(SELECT x->>'ref' FROM jsonb_array_elements(p_items) x);
        v_item record;
      BEGIN
        -- Every call of the batch locked first, in id order, so concurrent batches never deadlock.
        PERFORM 1 FROM calls c WHERE c.call_sid = ANY(v_refs) OR c.conversation_id = ANY(v_refs) ORDER BY c.id FOR UPDATE;
        FOR v_item IN SELECT (e.ordinality - 1)::integer AS idx, e.value AS v FROM jsonb_array_elements(p_items) WITH ORDINALITY e LOOP
          RETURN QUERY SELECT v_item.idx, r.* FROM record_transcription(
            v_item.v->>'ref', (v_item.v->>'by_conversation')::boolean, (v_item.v->>'speaker')::speaker_type,
            v_item.v->>'text', (v_item.v->>'timestamp')::timestamptz, v_item.v->>'key', v_item.v->>'source',
            v_item.v->>'log_type', v_item.v->>'body', (v_item.v->>'bytes')::integer,
            (v_item.v->>'signed_at')::double precision) r;
        END LOOP;
      END
      $$
    `);
  }

  /** Back to the previous functions and columns. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION record_transcriptions(jsonb)');
    await queryRunner.query(
      'DROP FUNCTION record_transcription(varchar, boolean, speaker_type, text, timestamptz, varchar, varchar, varchar, text, integer, double precision)',
    );
    await queryRunner.query('DROP FUNCTION turn_key(speaker_type, text)');
    await new RecordTranscriptionFunction1795300000000().up(queryRunner);
    await queryRunner.query(`DROP INDEX "public"."IDX_call_transcriptions_unkeyed"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_calls_twilio_call_sid"`);
    await queryRunner.query(`ALTER TABLE "calls" DROP COLUMN "live_lease_until"`);
    await queryRunner.query(`ALTER TABLE "calls" DROP COLUMN "live_follower"`);
  }
}
