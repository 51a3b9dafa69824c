import { Module } from '@nestjs/common';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { CallItemsRepository } from './items/call-items.repository.js';
import { CallLookupService } from './record/call-lookup.service.js';
import { CallOutcomeService } from './completion/call-outcome.service.js';
import { CallPlacementService } from './placement/call-placement.service.js';
import { CallsController } from './calls.controller.js';
import { OptOutController } from '../drivers/opt-out.controller.js';
import { OptOutService } from '../drivers/opt-out.service.js';
import { CallsRepository } from './record/calls.repository.js';
import { DriverOptOutsRepository } from '../drivers/driver-opt-outs.repository.js';
import { DriversService } from './record/driver-calls.service.js';
import { TranscriptStore } from './transcript/transcript-store.js';
import { TranscriptRepository } from './transcript/transcript.repository.js';
import { CallRateLimiter, CallRateLimitGuard } from './placement/call-rate-limit.guard.js';

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
