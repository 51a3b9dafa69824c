import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AppConfig } from '../config/app-config.js';
import { PublicUrl } from '../config/public-url.js';
import {
  CALL_DIALED,
  CALLBACK_RECEIVED,
  type CallbackReceivedEvent,
  type CallDialedEvent,
} from '../events/domain-events.js';
import { TWILIO_TRANSCRIPTION_PATH } from '../twilio/twilio-transcription.service.js';
import { TwilioClient } from '../twilio/twilio.client.js';
import { MonitorFollower } from './monitor-follower.js';

/** Once ElevenLabs accepted a call, starts the configured live source on it (ELEVENLABS_LIVE_SOURCE). */
@Injectable()
export class LiveSourceStarter {
  private readonly logger = new Logger('LiveSource');

  constructor(
    private readonly config: AppConfig,
    private readonly follower: MonitorFollower,
    private readonly twilio: TwilioClient,
    private readonly publicUrl: PublicUrl,
  ) {}

  @OnEvent(CALL_DIALED)
  onDialed(event: CallDialedEvent): void {
    switch (this.config.live.source) {
      case 'monitor':
        this.follower.follow({
          id: event.callId,
          callSid: event.callSid,
          conversationId: event.conversationId,
        });
        return;
      case 'twilio':
        void this.startTwilioTranscription(event.callSid, event.twilioCallSid);
        return;
      case 'webhook':
        return;
    }
  }

  /**
   * A driver's callback: Twilio's call SID came with the initiation webhook, so its transcription
   * starts at once. The monitoring socket needs the conversation id, which CallbackConversations
   * looks up (or the agent's tool names); the follower's scan picks the call up once bound.
   */
  @OnEvent(CALLBACK_RECEIVED)
  onCallback(event: CallbackReceivedEvent): void {
    if (this.config.live.source === 'twilio')
      void this.startTwilioTranscription(event.callSid, event.twilioCallSid);
  }

  /** Started once, by the instance that dialled; the post-call webhook covers a failure here. */
  private async startTwilioTranscription(
    callSid: string,
    twilioCallSid: string | null | undefined,
  ): Promise<void> {
    if (!twilioCallSid) {
      this.logger.warn(
        `ElevenLabs gave no Twilio callSid for ${callSid}: no live transcript (the call is still recorded from the post-call webhook)`,
      );
      return;
    }
    try {
      const sid = await this.twilio.startTranscription(
        twilioCallSid,
        this.publicUrl.of(TWILIO_TRANSCRIPTION_PATH),
      );
      this.logger.log(`Twilio transcription ${sid} started for ${callSid}`);
    } catch (error) {
      this.logger.error(
        `Could not start Twilio transcription for ${callSid} (${(error as Error).message}): check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN; the call is still recorded from the post-call webhook`,
      );
    }
  }
}
