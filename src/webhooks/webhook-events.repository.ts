import { Injectable } from '@nestjs/common';
import type { Transaction } from '../database/transaction.js';
import type { WebhookOutcome } from './entities/webhook-event.entity.js';

export interface ReceivedWebhook {
  type: string;
  /** What is kept of the body: the raw text, or for audio the JSON with the audio left out. */
  body: string;
  bodyBytes: number;
  signedAt: number;
}

/**
 * The webhook log: what arrived and what became of it, written in the transaction of its
 * effects. (Transcription webhooks are logged by `record_transcription`, on the hot path.)
 */
@Injectable()
export class WebhookEventsRepository {
  async insert(
    tx: Transaction,
    received: ReceivedWebhook,
    callId: number | null,
    outcome: WebhookOutcome,
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO webhook_events (type, body, body_bytes, signed_at, call_id, outcome)
       VALUES ($1, $2, $3, to_timestamp($4), $5, $6)`,
      [
        received.type.slice(0, 64),
        received.body,
        received.bodyBytes,
        received.signedAt,
        callId,
        outcome,
      ],
    );
  }
}
