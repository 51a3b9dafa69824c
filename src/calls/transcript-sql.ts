/**
 * The statements of the transcription-webhook transaction, in one place so the benchmark can run
 * exactly what the service runs (bench/raw-transaction.mjs).
 */
export const TRANSCRIPT_COLUMNS =
  'id, call_id, sequence_number, speaker_type, message_text, timestamp, source, delivery_key, created_at';

/** Every transcript writer takes the call's row lock first; it orders the call's turns. */
export const LOCK_CALL_BY_SID_OR_CONVERSATION = `SELECT id, call_sid, conversation_id FROM calls
  WHERE call_sid = $1 OR conversation_id = $1 FOR UPDATE`;

export const LOCK_CALL_BY_CONVERSATION = `SELECT id, call_sid, conversation_id FROM calls
  WHERE conversation_id = $1 FOR UPDATE`;

/** The same delivery again, or a turn with these words already stored from the full transcript. */
export const FIND_DELIVERED_TURN = `SELECT ${TRANSCRIPT_COLUMNS} FROM call_transcriptions
  WHERE call_id = $1 AND (delivery_key = $2 OR (delivery_key IS NULL AND speaker_type = $3 AND message_text = $4))
  ORDER BY (delivery_key IS NOT NULL) DESC, sequence_number LIMIT 1`;

export const CLAIM_TURN = 'UPDATE call_transcriptions SET delivery_key = $2 WHERE id = $1';

/** Hands out the call's next sequence number and stores the turn under it, in one statement. */
export const APPEND_TURN = `WITH next AS (
    UPDATE calls SET last_sequence_number = last_sequence_number + 1 WHERE id = $1 RETURNING last_sequence_number
  )
  INSERT INTO call_transcriptions (call_id, sequence_number, speaker_type, message_text, timestamp, source, delivery_key)
  SELECT $1, next.last_sequence_number, $2, $3, $4, 'webhook', $5 FROM next
  RETURNING ${TRANSCRIPT_COLUMNS}`;

/** The webhook log row written in the same transaction. */
export const INSERT_WEBHOOK_EVENT = `INSERT INTO webhook_events (type, body, body_bytes, signed_at, call_id, outcome)
  VALUES ($1, $2, $3, to_timestamp($4), $5, $6)`;
