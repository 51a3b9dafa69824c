import { EscalationModule } from '../escalation/escalation.module.js';
import { TransferRecorder } from './completion/transfer-recorder.js';
import { Module } from '@nestjs/common';
import { DriversModule } from '../drivers/drivers.module.js';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { CallsController } from './calls.controller.js';
import { CallbackService } from './inbound/callback.service.js';
import { InboundCallsRepository } from './inbound/inbound-calls.repository.js';
import { DriverLearning } from './completion/driver-learning.js';
import { CallOutcomeService } from './completion/call-outcome.service.js';
import { CallItemsRepository } from './items/call-items.repository.js';
import { CallPlacementService } from './placement/call-placement.service.js';
import { CallRateLimiter, CallRateLimitGuard } from './placement/call-rate-limit.guard.js';
import { DialClaimsRepository } from './placement/dial-claims.repository.js';
import { CallLookupService } from './record/call-lookup.service.js';
import { CallsRepository } from './record/calls.repository.js';
import { DriverCallsService } from './record/driver-calls.service.js';
import { TranscriptStore } from './transcript/transcript-store.js';
import { TranscriptRepository } from './transcript/transcript.repository.js';

@Module({
  imports: [DriversModule, ElevenLabsModule, EscalationModule],
  controllers: [CallsController],
  providers: [
    CallsRepository,
    CallItemsRepository,
    CallLookupService,
    CallPlacementService,
    DialClaimsRepository,
    InboundCallsRepository,
    CallbackService,
    CallOutcomeService,
    DriverLearning,
    TransferRecorder,
    DriverCallsService,
    TranscriptStore,
    TranscriptRepository,
    CallRateLimiter,
    CallRateLimitGuard,
  ],
  exports: [
    DriversModule,
    CallsRepository,
    CallItemsRepository,
    TranscriptRepository,
    TranscriptStore,
    CallLookupService,
    CallOutcomeService,
    CallPlacementService,
    CallbackService,
    InboundCallsRepository,
    // One per-user count for every route that places a call (Part 1 and follow-ups).
    CallRateLimiter,
  ],
})
export class CallsModule {}
