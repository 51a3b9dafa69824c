import pg from 'pg';
import { deliveryKey } from '../../dist/src/calls/transcript/transcript-store.js';
import { RECORD_TRANSCRIPTION } from '../../dist/src/calls/transcript/transcript-sql.js';

/**
 * What the database alone can do: the exact statement one transcription webhook runs (the
 * record_transcription function: lock the call, look for a redelivery, append the turn, log the
 * webhook, commit), on `clients` connections for `seconds`, spread over the given calls. The
 * pgbench of this workload, run over `pg` from this process.
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
        const key = deliveryKey({ speaker: 'AGENT', text, timestamp });
        const body = JSON.stringify({
          call_sid: callSid,
          speaker: 'agent',
          message: text,
          timestamp: timestamp.toISOString(),
        });
        await client.query(RECORD_TRANSCRIPTION, [
          callSid,
          false,
          'AGENT',
          text,
          timestamp,
          key,
          'webhook',
          'transcription',
          body,
          body.length,
          Date.now() / 1000,
        ]);
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
