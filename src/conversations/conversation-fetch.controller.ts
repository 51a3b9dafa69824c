import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ConversationSyncService } from './conversation-sync.service.js';
import { ConversationFetchResponseDto } from './dto/conversation-fetch.dto.js';
import { assertConversationId } from './conversation-id.js';

/** Served at both paths: the fetch document uses the first, the guide's examples the second. */
@ApiTags('conversations')
@ApiBearerAuth()
@Controller(['driver_data/conversations', 'conversations'])
export class ConversationFetchController {
  constructor(private readonly sync: ConversationSyncService) {}

  @Post(':conversation_id/fetch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Part 4: fetch a conversation from ElevenLabs and store it (idempotent; no body)',
    description:
      'Fills turns the webhooks missed, updates the call, and returns the conversation exactly as ElevenLabs sent it.',
  })
  @ApiParam({ name: 'conversation_id', example: 'conv_1901kaj4pr1penza6bbkscg6hgkc' })
  @ApiOkResponse({ type: ConversationFetchResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description:
      'Conversation {id} not found in ElevenLabs / Call record not found for conversation {id}',
  })
  @ApiInternalServerErrorResponse({
    type: ErrorResponseDto,
    description: 'Failed to fetch conversation data: <reason>',
  })
  async fetch(
    @Param('conversation_id') conversationId: string,
  ): Promise<ConversationFetchResponseDto> {
    const { conversation, applied } = await this.sync.sync(assertConversationId(conversationId));
    return {
      message: 'Conversation data fetched and stored successfully',
      conversation_id: conversationId,
      call_sid: applied.call.callSid,
      call_updated: true,
      call_status: applied.call.status,
      call_duration: applied.call.callDurationSeconds,
      transcriptions_added: applied.merge.inserted.length,
      transcriptions_total: applied.merge.total,
      conversation_data: conversation,
    };
  }
}
