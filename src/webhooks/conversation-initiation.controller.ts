import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { CallbackService, type InitiationAnswer } from '../calls/inbound/callback.service.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { TOOL_SECRET_HEADER, ToolSecretGuard } from '../common/tool-secret.guard.js';
import { ConversationInitiationDto } from './dto/conversation-initiation.dto.js';

@ApiTags('webhooks')
@Public()
@UseGuards(ToolSecretGuard)
@Controller('webhooks/elevenlabs')
export class ConversationInitiationController {
  constructor(private readonly callbacks: CallbackService) {}

  @Post('conversation-initiation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'ElevenLabs asks who is calling the agent, before it answers',
    description:
      'Records the inbound call (direction inbound, IN_PROGRESS), then answers with the dynamic variables and the prompt: a known caller with open items is greeted by name and, once they confirm a trip number, goes through those items; anyone else is asked for a message. Never a 5xx: on an internal error the answer is a generic greeting.',
  })
  @ApiHeader({ name: TOOL_SECRET_HEADER, required: true, description: 'ELEVENLABS_TOOL_SECRET' })
  @ApiOkResponse({
    schema: {
      example: {
        type: 'conversation_initiation_client_data',
        dynamic_variables: { call_sid: 'CB_CA4746caaf456d7c2db1574b7d1f211f6a' },
        conversation_config_override: {
          agent: { prompt: { prompt: '...' }, first_message: '...', language: 'en' },
        },
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  initiate(@Body() body: ConversationInitiationDto): Promise<InitiationAnswer> {
    return this.callbacks.answer({
      callerId: body.caller_id,
      calledNumber: body.called_number ?? null,
      twilioCallSid: body.call_sid,
    });
  }
}
