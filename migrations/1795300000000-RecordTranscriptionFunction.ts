import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transcription webhook's work as functions, so webhooks cost one round trip and one commit
 * per batch: `record_transcription` locks the call (which orders its turns), recognises a
 * redelivery or a turn already stored from the full transcript, otherwise appends the turn under
 * the call's next sequence number, and logs the webhook; `record_transcriptions` does that for a
 * batch of webhooks in one transaction, locking their calls in id order first so concurrent
 * batches never deadlock. Before: six round trips per webhook (BEGIN, lock, lookup, append, log,
 * COMMIT); see the README's performance section.
 */
export class RecordTranscriptionFunction1795300000000 implements MigrationInterface {
  name = 'RecordTranscriptionFunction1795300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION record_transcription(
        p_ref varchar, p_by_conversation boolean, p_speaker speaker_type, p_text text, p_timestamp timestamptz,
        p_key varchar, p_log_body text, p_log_bytes integer, p_signed_at double precision)
      RETURNS TABLE (
        r_outcome text, r_call_id integer, r_call_sid varchar, r_conversation_id varchar, r_id integer,
        r_sequence_number integer, r_speaker_type speaker_type, r_message_text text, r_timestamp timestamptz,
        r_source varchar, r_delivery_key varchar, r_created_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_call_id integer;
        v_call_sid varchar;
        v_conversation_id varchar;
        v_sequence integer;
        v_turn call_transcriptions%ROWTYPE;
        v_outcome text;
      BEGIN
        IF p_by_conversation THEN
          SELECT c.id, c.call_sid, c.conversation_id INTO v_call_id, v_call_sid, v_conversation_id
            FROM calls c WHERE c.conversation_id = p_ref FOR UPDATE;
        ELSE
          SELECT c.id, c.call_sid, c.conversation_id INTO v_call_id, v_call_sid, v_conversation_id
            FROM calls c WHERE c.call_sid = p_ref OR c.conversation_id = p_ref FOR UPDATE;
        END IF;
        IF v_call_id IS NULL THEN
          INSERT INTO webhook_events (type, body, body_bytes, signed_at, call_id, outcome)
            VALUES ('transcription', p_log_body, p_log_bytes, to_timestamp(p_signed_at), NULL, 'unknown_call');
          RETURN QUERY SELECT 'unknown_call'::text, NULL::integer, NULL::varchar, NULL::varchar, NULL::integer,
            NULL::integer, NULL::speaker_type, NULL::text, NULL::timestamptz, NULL::varchar, NULL::varchar, NULL::timestamptz;
          RETURN;
        END IF;
        SELECT t.* INTO v_turn FROM call_transcriptions t
          WHERE t.call_id = v_call_id
            AND (t.delivery_key = p_key OR (t.delivery_key IS NULL AND t.speaker_type = p_speaker AND t.message_text = p_text))
          ORDER BY (t.delivery_key IS NOT NULL) DESC, t.sequence_number LIMIT 1;
        IF v_turn.id IS NOT NULL AND v_turn.delivery_key = p_key THEN
          v_outcome := 'duplicate';
        ELSIF v_turn.id IS NOT NULL THEN
          UPDATE call_transcriptions SET delivery_key = p_key WHERE id = v_turn.id;
          v_turn.delivery_key := p_key;
          v_outcome := 'claimed';
        ELSE
          UPDATE calls SET last_sequence_number = last_sequence_number + 1 WHERE id = v_call_id
            RETURNING last_sequence_number INTO v_sequence;
          INSERT INTO call_transcriptions (call_id, sequence_number, speaker_type, message_text, timestamp, source, delivery_key)
            VALUES (v_call_id, v_sequence, p_speaker, p_text, p_timestamp, 'webhook', p_key)
            RETURNING * INTO v_turn;
          v_outcome := 'stored';
        END IF;
        INSERT INTO webhook_events (type, body, body_bytes, signed_at, call_id, outcome)
          VALUES ('transcription', p_log_body, p_log_bytes, to_timestamp(p_signed_at), v_call_id, v_outcome);
        RETURN QUERY SELECT v_outcome, v_call_id, v_call_sid, v_conversation_id, v_turn.id, v_turn.sequence_number,
          v_turn.speaker_type, v_turn.message_text, v_turn.timestamp, v_turn.source, v_turn.delivery_key, v_turn.created_at;
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
        PERFORM 1 FROM calls c WHERE c.call_sid = ANY(v_refs) OR c.conversation_id = ANY(v_refs) ORDER BY c.id FOR UPDATE;
        FOR v_item IN SELECT (e.ordinality - 1)::integer AS idx, e.value AS v FROM jsonb_array_elements(p_items) WITH ORDINALITY e LOOP
          RETURN QUERY SELECT v_item.idx, r.* FROM record_transcription(
            v_item.v->>'ref', (v_item.v->>'by_conversation')::boolean, (v_item.v->>'speaker')::speaker_type,
            v_item.v->>'text', (v_item.v->>'timestamp')::timestamptz, v_item.v->>'key', v_item.v->>'body',
            (v_item.v->>'bytes')::integer, (v_item.v->>'signed_at')::double precision) r;
        END LOOP;
      END
      $$
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION record_transcriptions(jsonb)');
    await queryRunner.query(
      'DROP FUNCTION record_transcription(varchar, boolean, speaker_type, text, timestamptz, varchar, text, integer, double precision)',
    );
  }
}
