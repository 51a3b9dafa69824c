import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ItemOutcomeToolDto } from './dto/item-outcome.dto.js';
import { ItemOutcomesService } from './item-outcomes.service.js';
import { TOOL_SECRET_HEADER, ToolSecretGuard } from '../common/tool-secret.guard.js';

/** ElevenLabs' webhook tools, called by the agent during a call. */
@ApiTags('webhooks')
@Public()
@UseGuards(ToolSecretGuard)
@Controller('webhooks/elevenlabs/tools')
export class ItemOutcomeToolController {
  constructor(private readonly outcomes: ItemOutcomesService) {}

  @Post('item-outcome')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The record_item_outcome tool: the agent settled a violation or reminder',
    description: '`conversation_id` is bound to system__conversation_id by agent:sync.',
  })
  @ApiHeader({ name: TOOL_SECRET_HEADER, required: true, description: 'ELEVENLABS_TOOL_SECRET' })
  @ApiOkResponse({ schema: { example: { status: 'recorded' } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A bad item or outcome' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown conversation' })
  async itemOutcome(@Body() body: ItemOutcomeToolDto): Promise<{ status: 'recorded' }> {
    await this.outcomes.recordFromAgent(body);
    return { status: 'recorded' };
  }
}
