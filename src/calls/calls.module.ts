import { Module } from '@nestjs/common';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { CallOutcomeService } from './call-outcome.service.js';
import { CallPlacementService } from './call-placement.service.js';
import { CallsController } from './calls.controller.js';
import { CallsRepository } from './calls.repository.js';
import { DriversService } from './drivers.service.js';
import { TranscriptBatcher } from './transcript-batcher.js';
import { TranscriptStore } from './transcript-store.js';
import { CallRateLimitGuard } from './call-rate-limit.guard.js';

@Module({
  imports: [ElevenLabsModule],
  controllers: [CallsController],
  providers: [
    CallsRepository,
    CallPlacementService,
    CallOutcomeService,
    DriversService,
    TranscriptStore,
    TranscriptBatcher,
    CallRateLimitGuard,
  ],
  exports: [CallsRepository, CallOutcomeService, TranscriptStore],
})
export class CallsModule {}
