import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RecordTranscriptionFunction1795300000000 } from './1795300000000-RecordTranscriptionFunction.js';

/**
 * One definition of "the same turn": `turn_key(speaker, words)` is the speaker and the words with
 * white space folded and case ignored. The transcription webhook's redelivery/claim check uses it
 * here, and the post-call merge asks the database for the same keys (TranscriptRepository), so
 * the two can never disagree about whether a turn is already stored.
 */
export class TurnKey1795400000000 implements MigrationInterface {
  name = 'TurnKey1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION turn_key(p_speaker speaker_type, p_text text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT p_speaker::text || '|' || lower(btrim(regexp_replace(p_text, '\\s+', ' ', 'g'))) $$
    `);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION record_transcription(
        p_ref varchar, p_by_conversation boolean, p_speaker speaker_type, p_text text, p_timestamp timestamptz,
        p_key varchar, p_log_body text, p_log_bytes integer, p_signed_at double precision)
      RETURNS TABLE (
        r_outcome text, r_call_id integer, r_call_sid varchar, r_conversation_id varchar, r_id integer,
        r_sequence_number integer, r_speaker_type speaker_type, r_message_text text, r_timestamp timestamptz,
        r_source varchar, r_delivery_key varchar, r_created_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_call record;
        v_same_turn text := turn_key(p_speaker, p_text);
        v_sequence integer;
        v_turn call_transcriptions%ROWTYPE;
        v_outcome text;
      BEGIN
        SELECT c.id, c.call_sid, c.conversation_id INTO v_call FROM calls c
          WHERE c.conversation_id = p_ref OR (NOT p_by_conversation AND c.call_sid = p_ref) FOR UPDATE;
        IF v_call.id IS NULL THEN
          INSERT INTO webhook_events (type, body, body_bytes, signed_at, call_id, outcome)
            VALUES ('transcription', p_log_body, p_log_bytes, to_timestamp(p_signed_at), NULL, 'unknown_call');
          r_outcome := 'unknown_call';
          RETURN NEXT;
          RETURN;
        END IF;
        -- A redelivery has our key; a turn stored from the full transcript has none and the same words.
        SELECT t.* INTO v_turn FROM call_transcriptions t
          WHERE t.call_id = v_call.id
            AND (t.delivery_key = p_key OR (t.delivery_key IS NULL AND turn_key(t.speaker_type, t.message_text) = v_same_turn))
          ORDER BY (t.delivery_key IS NOT NULL) DESC, t.sequence_number LIMIT 1;
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
            VALUES (v_call.id, v_sequence, p_speaker, p_text, p_timestamp, 'webhook', p_key)
            RETURNING * INTO v_turn;
          v_outcome := 'stored';
        END IF;
        INSERT INTO webhook_events (type, body, body_bytes, signed_at, call_id, outcome)
          VALUES ('transcription', p_log_body, p_log_bytes, to_timestamp(p_signed_at), v_call.id, v_outcome);
        RETURN QUERY SELECT v_outcome, v_call.id, v_call.call_sid, v_call.conversation_id, v_turn.id,
          v_turn.sequence_number, v_turn.speaker_type, v_turn.message_text, v_turn.timestamp, v_turn.source,
          v_turn.delivery_key, v_turn.created_at;
      END
      $$
    `);
  }

  /** Back to the previous functions: dropped, then created again by the migration that made them. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await new RecordTranscriptionFunction1795300000000().down(queryRunner);
    await new RecordTranscriptionFunction1795300000000().up(queryRunner);
    await queryRunner.query('DROP FUNCTION turn_key(speaker_type, text)');
  }
}
