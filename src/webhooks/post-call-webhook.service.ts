import { Injectable, Logger } from '@nestjs/common';
import {
  CallOutcomeService,
  type ConversationRef,
} from '../calls/completion/call-outcome.service.js';
import type { Call } from '../calls/record/call.entity.js';
import type { Transaction } from '../database/transaction.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Conversation } from '../elevenlabs/elevenlabs.types.js';
import type { WebhookOutcome } from './entities/webhook-event.entity.js';
import type { SignedWebhook } from './signed-webhook.js';
import { type ReceivedWebhook, WebhookEventsRepository } from './webhook-events.repository.js';
import { WebhooksException } from './webhooks.exception.js';

export interface PostCallAck {
  status: WebhookOutcome;
  type: string;
  call_sid?: string;
}

interface Envelope {
  type: string;
  data: Record<string, unknown>;
}

/** Part 3: what ElevenLabs sends once a call is over. Read leniently: real payloads lack fields. */
@Injectable()
export class PostCallWebhookService {
  private readonly logger = new Logger('PostCallWebhook');

  constructor(
    private readonly outcomes: CallOutcomeService,
    private readonly webhookEvents: WebhookEventsRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async handle(webhook: SignedWebhook): Promise<PostCallAck> {
    const envelope = parseEnvelope(webhook.json);
    const received: ReceivedWebhook = {
      type: envelope.type,
      body: envelope.type === 'post_call_audio' ? withoutAudio(envelope) : webhook.text,
      bodyBytes: webhook.raw.length,
      signedAt: webhook.signedAt,
    };
    let outcome = 'ignored' as WebhookOutcome;
    let matched: Call | null = null;
    const logOutcome = async (tx: Transaction, call: Call | null, changed: boolean) => {
      matched = call;
      outcome = !call ? 'unknown_call' : changed ? 'applied' : 'unchanged';
      await this.webhookEvents.insert(tx, received, call?.id ?? null, outcome);
    };
    switch (envelope.type) {
      case 'post_call_transcription':
        await this.outcomes.applyConversation(
          conversationRef(envelope.data),
          envelope.data as unknown as Conversation,
          'post_call',
          logOutcome,
        );
        break;
      case 'call_initiation_failure': {
        const reason =
          typeof envelope.data.failure_reason === 'string'
            ? envelope.data.failure_reason
            : 'unknown';
        const metadata = isObject(envelope.data.metadata) ? envelope.data.metadata : null;
        await this.outcomes.applyInitiationFailure(
          conversationRef(envelope.data),
          reason,
          metadata,
          logOutcome,
        );
        break;
      }
      case 'post_call_audio':
        await this.outcomes.markAudioAvailable(conversationRef(envelope.data), logOutcome);
        break;
      default:
        this.logger.log(`Ignoring webhook of type ${envelope.type}`);
        await this.transactions.run((tx) =>
          this.webhookEvents.insert(tx, received, null, 'ignored'),
        );
    }
    if (outcome === 'unknown_call')
      this.logger.warn(
        `${envelope.type} for unknown conversation ${String(envelope.data.conversation_id)}`,
      );
    const call = matched as Call | null;
    return { status: outcome, type: envelope.type, ...(call ? { call_sid: call.callSid } : {}) };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

function parseEnvelope(json: unknown): Envelope {
  if (!isObject(json))
    throw new WebhooksException('INVALID_PAYLOAD', 'Webhook body must be a JSON object');
  if (typeof json.type !== 'string' || !json.type)
    throw new WebhooksException('INVALID_PAYLOAD', 'type must be a non-empty string');
  const handled = [
    'post_call_transcription',
    'call_initiation_failure',
    'post_call_audio',
  ].includes(json.type);
  if (!handled) return { type: json.type, data: isObject(json.data) ? json.data : {} };
  if (!isObject(json.data))
    throw new WebhooksException('INVALID_PAYLOAD', 'data must be an object');
  if (
    typeof json.data.conversation_id !== 'string' ||
    !json.data.conversation_id ||
    json.data.conversation_id.length > 255
  ) {
    throw new WebhooksException(
      'INVALID_PAYLOAD',
      'data.conversation_id must be a non-empty string',
    );
  }
  return { type: json.type, data: json.data };
}

function conversationRef(data: Record<string, unknown>): ConversationRef {
  const clientData = isObject(data.conversation_initiation_client_data)
    ? data.conversation_initiation_client_data
    : {};
  const variables = isObject(clientData.dynamic_variables) ? clientData.dynamic_variables : {};
  return {
    conversationId: String(data.conversation_id),
    ...(typeof variables.call_sid === 'string' ? { callSid: variables.call_sid } : {}),
  };
}

function withoutAudio(envelope: Envelope): string {
  const audio = envelope.data.full_audio;
  const size = typeof audio === 'string' ? audio.length : 0;
  return JSON.stringify({
    ...envelope,
    data: { ...envelope.data, full_audio: `<${size} base64 characters not kept>` },
  });
}
