import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  APPEND_TURN,
  FIND_DELIVERED_TURN,
  INSERT_WEBHOOK_EVENT,
  LOCK_CALL_BY_SID_OR_CONVERSATION,
} from '../../dist/src/calls/transcript-sql.js';

/**
 * What the database alone can do: the exact transaction one transcription webhook runs (lock
 * the call, look for a redelivery, append the turn, log the webhook), on `clients` connections
 * for `seconds`, spread over the given calls. The pgbench of this workload.
 */
export async function rawTransactionRate({ url, callSids, seconds, clients = 16 }) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let counter = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (performance.now() < deadline) {
        const callSid = callSids[counter++ % callSids.length];
        const text = `raw transaction ${counter}`;
        const timestamp = new Date();
        const key = createHash('sha256').update(`AGENT\u0000${timestamp.toISOString()}\u0000${text}`).digest('hex');
        const body = JSON.stringify({ call_sid: callSid, speaker: 'agent', message: text, timestamp: timestamp.toISOString() });
        await client.query('BEGIN');
        const { rows: [call] } = await client.query(LOCK_CALL_BY_SID_OR_CONVERSATION, [callSid]);
        await client.query(FIND_DELIVERED_TURN, [call.id, key, 'AGENT', text]);
        await client.query(APPEND_TURN, [call.id, 'AGENT', text, timestamp, key]);
        await client.query(INSERT_WEBHOOK_EVENT, ['transcription', body, body.length, Math.floor(Date.now() / 1000), call.id, 'stored']);
        await client.query('COMMIT');
        done++;
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  await pool.end();
  return done / seconds;
}
