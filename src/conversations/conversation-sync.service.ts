import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { type AppliedConversation, CallOutcomeService } from '../calls/call-outcome.service.js';
import { DetailException } from '../common/detail.exception.js';
import { ElevenLabsClient } from '../elevenlabs/elevenlabs.client.js';
import { ElevenLabsError } from '../elevenlabs/elevenlabs.error.js';
import type { Conversation } from '../elevenlabs/elevenlabs.types.js';

export interface SyncedConversation {
  conversation: Conversation;
  applied: AppliedConversation;
}

/** Part 4: gets a conversation from ElevenLabs and stores it on its call, as the post-call webhook would. */
@Injectable()
export class ConversationSyncService {
  constructor(
    private readonly elevenLabs: ElevenLabsClient,
    private readonly outcomes: CallOutcomeService,
  ) {}

  async sync(conversationId: string): Promise<SyncedConversation> {
    let conversation: Conversation;
    try {
      conversation = await this.elevenLabs.getConversation(conversationId);
    } catch (error) {
      if (error instanceof ElevenLabsError && error.notFound) {
        throw new NotFoundException({
          detail: `Conversation ${conversationId} not found in ElevenLabs`,
        });
      }
      if (error instanceof ElevenLabsError) {
        throw new DetailException(
          HttpStatus.INTERNAL_SERVER_ERROR,
          `Failed to fetch conversation data: ${error.reason}`,
        );
      }
      throw error;
    }
    const variables = conversation.conversation_initiation_client_data?.dynamic_variables;
    const callSid = typeof variables?.call_sid === 'string' ? variables.call_sid : undefined;
    const applied = await this.outcomes.applyConversation(
      { conversationId, callSid },
      conversation,
      'fetch',
    );
    if (!applied)
      throw new NotFoundException({
        detail: `Call record not found for conversation ${conversationId}`,
      });
    return { conversation, applied };
  }
}
