import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { AgentCheck } from './agent/agent-check.js';
import { AgentSyncService } from './agent/agent-sync.service.js';
import { ElevenLabsEndpoint } from './elevenlabs-endpoint.js';
import { ElevenLabsClient } from './elevenlabs.client.js';
import { SimulatorHost } from './simulator/simulator-host.js';

@Module({
  imports: [HttpModule],
  providers: [ElevenLabsEndpoint, ElevenLabsClient, AgentSyncService, AgentCheck, SimulatorHost],
  exports: [ElevenLabsEndpoint, ElevenLabsClient, AgentSyncService, SimulatorHost],
})
export class ElevenLabsModule {}
