import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { ElevenLabsEndpoint } from './elevenlabs-endpoint.js';
import { ElevenLabsClient } from './elevenlabs.client.js';
import { SimulatorHost } from './simulator/simulator-host.js';

@Module({
  imports: [HttpModule],
  providers: [ElevenLabsEndpoint, ElevenLabsClient, SimulatorHost],
  exports: [ElevenLabsClient, SimulatorHost],
})
export class ElevenLabsModule {}
