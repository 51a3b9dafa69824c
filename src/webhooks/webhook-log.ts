import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WebhookOutcome } from './entities/webhook-event.entity.js';

/** The log row of a post-call webhook, written in the transaction of its effects. */
const INSERT_WEBHOOK_EVENT = `INSERT INTO webhook_events (type, body, body_bytes, signed_at, call_id, outcome)
  VALUES ($1, $2, $3, to_timestamp($4), $5, $6)`;

export interface ReceivedWebhook {
  type: string;
  /** What is kept of the body: the raw text, or for audio the JSON with the audio left out. */
  body: string;
  bodyBytes: number;
  signedAt: number;
}

/** The webhook log: what arrived and what became of it, written inside the caller's transaction. */
@Injectable()
export class WebhookLog {
  async write(
    manager: EntityManager,
    received: ReceivedWebhook,
    callId: number | null,
    outcome: WebhookOutcome,
  ): Promise<void> {
    await manager.query(INSERT_WEBHOOK_EVENT, [
      received.type.slice(0, 64),
      received.body,
      received.bodyBytes,
      received.signedAt,
      callId,
      outcome,
    ]);
  }
}
