import { Module } from '@nestjs/common';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { CallItemsRepository } from './call-items.repository.js';
import { CallLookupService } from './call-lookup.service.js';
import { CallOutcomeService } from './call-outcome.service.js';
import { CallPlacementService } from './call-placement.service.js';
import { CallsController } from './calls.controller.js';
import { OptOutController } from './opt-out.controller.js';
import { OptOutService } from './opt-out.service.js';
import { CallsRepository } from './calls.repository.js';
import { DriverOptOutsRepository } from './driver-opt-outs.repository.js';
import { DriversService } from './drivers.service.js';
import { TranscriptStore } from './transcript-store.js';
import { TranscriptRepository } from './transcript.repository.js';
import { CallRateLimiter, CallRateLimitGuard } from './call-rate-limit.guard.js';

@Module({
  imports: [ElevenLabsModule],
  controllers: [CallsController, OptOutController],
  providers: [
    CallsRepository,
    CallItemsRepository,
    CallLookupService,
    CallPlacementService,
    CallOutcomeService,
    DriversService,
    TranscriptStore,
    TranscriptRepository,
    CallRateLimiter,
    CallRateLimitGuard,
    DriverOptOutsRepository,
    OptOutService,
  ],
  exports: [
    DriverOptOutsRepository,
    CallsRepository,
    CallItemsRepository,
    TranscriptRepository,
    TranscriptStore,
    CallLookupService,
    CallOutcomeService,
    CallPlacementService,
    // One per-user count for every route that places a call (Part 1 and follow-ups).
    CallRateLimiter,
  ],
})
export class CallsModule {}
