import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { INSERT_WEBHOOK_EVENT } from '../calls/transcript-sql.js';
import type { WebhookOutcome } from './entities/webhook-event.entity.js';

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
