import { Controller, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../../audit/actor.js';
import { RequestActor } from '../../audit/request-actor.decorator.js';
import { AdminOnly } from '../../auth/admin-only.decorator.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { AgentSyncQueryDto, AgentSyncResultDto } from './agent-sync.dto.js';
import { AgentSyncRunner } from './agent-sync.runner.js';

@ApiTags('agent')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@AdminOnly()
@Controller('agent')
export class AgentSyncController {
  constructor(private readonly runner: AgentSyncRunner) {}

  @Post('sync')
  @HttpCode(200)
  @ApiOperation({
    summary: "`npm run agent:sync`'s twin: put the ElevenLabs agent in the shape the service needs",
    description:
      'Reads the agent and its webhook tool, and changes only the settings that differ (none with `dry_run=true`). Without ELEVENLABS_API_KEY it syncs the built-in simulator’s agent.',
  })
  @ApiOkResponse({ type: AgentSyncResultDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ELEVENLABS_TOOL_SECRET not set' })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'ElevenLabs refused or failed' })
  sync(
    @Query() query: AgentSyncQueryDto,
    @RequestActor() actor: Actor,
  ): Promise<AgentSyncResultDto> {
    return this.runner.run(query.dry_run === 'true', actor);
  }
}
