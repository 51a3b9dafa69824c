import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { CallbackNumber } from './agent/callback-number.js';
import { AgentCheck } from './agent/agent-check.js';
import { AgentSyncController } from './agent/agent-sync.controller.js';
import { AgentSyncRunner } from './agent/agent-sync.runner.js';
import { AgentSyncService } from './agent/agent-sync.service.js';
import { RecordingNotice } from './agent/recording-notice.js';
import { ElevenLabsEndpoint } from './elevenlabs-endpoint.js';
import { ElevenLabsClient } from './elevenlabs.client.js';
import { ConversationAudioClient } from './conversation-audio.client.js';
import { SimulatorHost } from './simulator/simulator-host.js';

@Module({
  imports: [HttpModule],
  controllers: [AgentSyncController],
  providers: [
    ElevenLabsEndpoint,
    ElevenLabsClient,
    ConversationAudioClient,
    AgentSyncService,
    RecordingNotice,
    CallbackNumber,
    AgentSyncRunner,
    AgentCheck,
    SimulatorHost,
  ],
  exports: [
    ElevenLabsEndpoint,
    ElevenLabsClient,
    ConversationAudioClient,
    AgentSyncService,
    RecordingNotice,
    CallbackNumber,
    SimulatorHost,
  ],
})
export class ElevenLabsModule {}
