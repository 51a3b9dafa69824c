/**
 * The transcription webhook's transaction, in one place so the benchmark runs exactly what the
 * service runs (bench/lib/raw-transaction.mjs). The work itself is the `record_transcription`
 * function (migrations/1795300000000-RecordTranscriptionFunction.ts): one round trip, one commit.
 */
export const RECORD_TRANSCRIPTION =
  'SELECT * FROM record_transcription($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)';

export interface RecordTranscriptionRow {
  r_outcome: 'stored' | 'duplicate' | 'claimed' | 'unknown_call';
  r_call_id: number | null;
  r_call_sid: string | null;
  r_conversation_id: string | null;
  r_id: number | null;
  r_sequence_number: number | null;
  r_speaker_type: string | null;
  r_message_text: string | null;
  r_timestamp: Date | null;
  r_source: string | null;
  r_delivery_key: string | null;
  r_created_at: Date | null;
}

/** A batch of webhooks in one transaction; rows come back with the index of their item. */
export const RECORD_TRANSCRIPTIONS = 'SELECT * FROM record_transcriptions($1::jsonb)';

export interface BatchItem {
  ref: string;
  by_conversation: boolean;
  speaker: string;
  text: string;
  timestamp: string;
  key: string;
  /** Where the turn came from: `webhook`, `monitor` or `twilio`. */
  source: string;
  /** What the log row calls the event (`transcription`, `monitor:user_transcript`, ...). */
  log_type: string;
  body: string;
  bytes: number;
  signed_at: number;
}
