import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CallStatus } from '../calls/record/call-status.js';
import { CallsRepository } from '../calls/record/calls.repository.js';
import { AppConfig } from '../config/app-config.js';
import { sleep } from '../elevenlabs/backoff.js';
import { ElevenLabsClient } from '../elevenlabs/elevenlabs.client.js';
import { FINISHED_CONVERSATION_STATUSES } from '../elevenlabs/elevenlabs.types.js';
import { CALLBACK_RECEIVED, type CallbackReceivedEvent } from '../events/domain-events.js';
import { MonitorFollower } from './monitor-follower.js';

/** When to look (ms after the initiation webhook answered): about 20 s in all. */
export const LOOKUPS_AFTER_MS = [500, 1000, 1500, 2000, 3000, 5000, 8000];
/** A conversation started this long before the webhook answered may still be the callback's. */
const CLOCK_SLACK_SECONDS = 60;

/**
 * ELEVENLABS_LIVE_SOURCE=monitor and a driver's callback: the monitoring socket needs the
 * conversation id, which the initiation webhook does not give (only Twilio's call SID). So the
 * instance that answered looks at the agent's newest inbound conversations still in progress
 * and reads each one's `metadata.phone_call.call_sid` until it finds the callback's, binds it
 * and follows it. It stops as soon as the call is bound another way (the agent's tool sends the
 * conversation id, or the post-call came) or has ended; after ~20 s it leaves the call to those.
 */
@Injectable()
export class CallbackConversations {
  private readonly logger = new Logger('CallbackConversations');

  constructor(
    private readonly calls: CallsRepository,
    private readonly elevenLabs: ElevenLabsClient,
    private readonly follower: MonitorFollower,
    private readonly config: AppConfig,
  ) {}

  @OnEvent(CALLBACK_RECEIVED)
  onCallback(event: CallbackReceivedEvent): void {
    if (this.config.live.source !== 'monitor' || !event.twilioCallSid) return;
    void this.find(event.callId, event.twilioCallSid).catch((error: Error) =>
      this.logger.warn(
        `Could not find the conversation of callback ${event.callSid} (${error.message}); live turns start once the agent's tool names it`,
      ),
    );
  }

  /** The conversation id bound to the call, or null when none was found in time. */
  async find(callId: number, twilioCallSid: string): Promise<string | null> {
    const since = Math.floor(Date.now() / 1000) - CLOCK_SLACK_SECONDS;
    const checked = new Set<string>();
    for (const delay of LOOKUPS_AFTER_MS) {
      await sleep(delay);
      const call = await this.calls.findById(callId);
      if (!call || call.status !== CallStatus.IN_PROGRESS) return null;
      if (call.conversationId) return this.followed(call.id, call.callSid, call.conversationId);
      const page = await this.elevenLabs.listConversations({
        agentId: this.config.elevenLabs.agentId,
        startedAfterUnix: since,
        pageSize: 30,
      });
      const candidates = page.conversations.filter(
        (summary) =>
          summary.direction !== 'outbound' &&
          !FINISHED_CONVERSATION_STATUSES.includes(summary.status) &&
          !checked.has(summary.conversation_id),
      );
      for (const { conversation_id: conversationId } of candidates) {
        checked.add(conversationId);
        const conversation = await this.elevenLabs.getConversation(conversationId);
        const phoneCall = conversation.metadata?.phone_call as { call_sid?: unknown } | undefined;
        if (phoneCall?.call_sid !== twilioCallSid) continue;
        const bound = await this.calls.bindConversation(callId, conversationId);
        if (!bound) return null; // bound to another conversation meanwhile
        this.logger.log(`Callback ${bound.callSid} is conversation ${conversationId}`);
        return this.followed(bound.id, bound.callSid, conversationId);
      }
    }
    return null;
  }

  private followed(id: number, callSid: string, conversationId: string): string {
    this.follower.follow({ id, callSid, conversationId });
    return conversationId;
  }
}
