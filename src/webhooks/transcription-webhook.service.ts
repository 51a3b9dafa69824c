import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeValidationErrors } from '../common/validation.pipe.js';
import { speakerFromRole } from '../calls/transcript/speaker-type.js';
import { TranscriptStore } from '../calls/transcript/transcript-store.js';
import { TranscriptionWebhookDto } from './dto/transcription-webhook.dto.js';
import type { SignedWebhook } from './signed-webhook.js';
import { WebhooksException } from './webhooks.exception.js';

export interface TranscriptionAck {
  status: 'stored' | 'duplicate' | 'claimed';
  transcription_id: number;
  sequence_number: number;
}

/** Part 2: one turn of a live call. */
@Injectable()
export class TranscriptionWebhookService {
  constructor(private readonly transcripts: TranscriptStore) {}

  async handle(webhook: SignedWebhook): Promise<TranscriptionAck> {
    const payload = parsePayload(webhook.json);
    const delivery = {
      source: 'webhook' as const,
      logType: 'transcription',
      body: webhook.text,
      bodyBytes: webhook.raw.length,
      signedAt: webhook.signedAt,
    };
    const identifier = payload.call_sid ?? payload.conversation_id!;
    const result = await this.transcripts.recordLiveTurn(
      payload.call_sid !== undefined
        ? { callSid: payload.call_sid }
        : { conversationId: payload.conversation_id! },
      {
        speaker: speakerFromRole(payload.speaker)!,
        text: payload.message,
        timestamp: new Date(payload.timestamp),
      },
      delivery,
    );
    if (result.outcome === 'unknown_call')
      throw new WebhooksException('UNKNOWN_CALL', `Call ${identifier} not found`);
    return {
      status: result.outcome,
      transcription_id: result.row.id,
      sequence_number: result.row.sequenceNumber,
    };
  }
}

function parsePayload(json: unknown): TranscriptionWebhookDto {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new WebhooksException('INVALID_PAYLOAD', 'Webhook body must be a JSON object');
  }
  const payload = plainToInstance(TranscriptionWebhookDto, json);
  const errors = validateSync(payload);
  if (errors.length > 0)
    throw new WebhooksException('INVALID_PAYLOAD', describeValidationErrors(errors).join('; '));
  return payload;
}
