import { Injectable } from '@nestjs/common';
import {
  type AppliedConversation,
  CallOutcomeService,
} from '../calls/completion/call-outcome.service.js';
import { ElevenLabsClient } from '../elevenlabs/elevenlabs.client.js';
import { ElevenLabsError } from '../elevenlabs/elevenlabs.error.js';
import type { Conversation } from '../elevenlabs/elevenlabs.types.js';
import { ConversationsException } from './conversations.exception.js';

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
        throw new ConversationsException(
          'CONVERSATION_NOT_FOUND',
          `Conversation ${conversationId} not found in ElevenLabs`,
        );
      }
      if (error instanceof ElevenLabsError) {
        throw new ConversationsException(
          'ELEVENLABS_UNAVAILABLE',
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
      throw new ConversationsException(
        'CALL_RECORD_NOT_FOUND',
        `Call record not found for conversation ${conversationId}`,
      );
    return { conversation, applied };
  }
}
