import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { ConversationInitiationController } from './conversation-initiation.controller.js';
import { PostCallWebhookService } from './post-call-webhook.service.js';
import { TranscriptionWebhookService } from './transcription-webhook.service.js';
import { WebhookEventsRepository } from './webhook-events.repository.js';
import { WebhooksController } from './webhooks.controller.js';

@Module({
  imports: [CallsModule],
  controllers: [WebhooksController, ConversationInitiationController],
  providers: [WebhookEventsRepository, TranscriptionWebhookService, PostCallWebhookService],
})
export class WebhooksModule {}
