import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { TwilioClient } from './twilio.client.js';
import { TwilioTranscriptionController } from './twilio-transcription.controller.js';
import { TwilioTranscriptionService } from './twilio-transcription.service.js';

@Module({
  imports: [HttpModule, CallsModule, ElevenLabsModule],
  controllers: [TwilioTranscriptionController],
  providers: [TwilioClient, TwilioTranscriptionService],
  exports: [TwilioClient],
})
export class TwilioModule {}
