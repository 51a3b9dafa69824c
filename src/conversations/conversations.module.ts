import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { CallHistoryController } from './call-history.controller.js';
import { CallHistoryService } from './call-history.service.js';
import { ConversationFetchController } from './conversation-fetch.controller.js';
import { ConversationSyncService } from './conversation-sync.service.js';
import { StuckCallsJob } from './stuck-calls.job.js';

@Module({
  imports: [CallsModule, ElevenLabsModule],
  controllers: [ConversationFetchController, CallHistoryController],
  providers: [ConversationSyncService, CallHistoryService, StuckCallsJob],
})
export class ConversationsModule {}
