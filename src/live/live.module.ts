import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { ElevenLabsModule } from '../elevenlabs/elevenlabs.module.js';
import { TwilioModule } from '../twilio/twilio.module.js';
import { CallbackConversations } from './callback-conversations.js';
import { LiveLeasesRepository } from './live-leases.repository.js';
import { LiveSourceStarter } from './live-source-starter.js';
import { MonitorFollower } from './monitor-follower.js';

/** Live turns from a real source: ElevenLabs' monitoring socket or Twilio's transcription. */
@Module({
  imports: [CallsModule, ElevenLabsModule, TwilioModule],
  providers: [MonitorFollower, LiveSourceStarter, LiveLeasesRepository, CallbackConversations],
})
export class LiveModule {}
