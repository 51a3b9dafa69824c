import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import { PageQueryDto } from '../common/dto/list-query.dto.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { CampaignsService } from './campaigns.service.js';
import {
  CampaignDto,
  CampaignPageDto,
  CampaignPreviewDto,
  CampaignSummaryDto,
} from './dto/campaign.dto.js';
import { CampaignCreateQueryDto, CreateCampaignDto } from './dto/create-campaign.dto.js';

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @ApiOperation({
    summary: 'Call a list of drivers inside their calling hours',
    description:
      'Each driver is called through Part 1 (one call record per attempt), at most `concurrency` at once and never beyond ELEVENLABS_MAX_CONCURRENT_CALLS (less ELEVENLABS_RESERVED_INBOUND_CALLS), which campaigns running together share evenly; busy, no answer, voicemail and failed dials are retried after `retry.delay_seconds` up to `retry.max_attempts`. Opted-out drivers are skipped.',
  })
  @ApiCreatedResponse({ type: CampaignSummaryDto })
  @ApiOkResponse({
    type: CampaignPreviewDto,
    description: '`dry_run=true`: checked as for real; what would be stored, nothing stored',
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'The detail names the field' })
  create(
    @Body() body: CreateCampaignDto,
    @Query() query: CampaignCreateQueryDto,
    @RequestActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CampaignSummaryDto | CampaignPreviewDto> {
    if (query.dry_run !== 'true') return this.campaigns.create(body, actor);
    response.status(200);
    return this.campaigns.preview(body);
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns, newest first (without their drivers)' })
  @ApiOkResponse({ type: CampaignPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@Query() query: PageQueryDto): Promise<CampaignPageDto> {
    return this.campaigns.list(query.limit ?? 50, query.cursor);
  }

  @Get(':campaign_id')
  @ApiOperation({ summary: 'A campaign with every driver and where their calls stand' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('campaign_id') campaignId: string): Promise<CampaignDto> {
    return this.campaigns.get(campaignId);
  }

  @Post(':campaign_id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop dialling new attempts; calls already live go on' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Completed or cancelled' })
  pause(
    @Param('campaign_id') campaignId: string,
    @RequestActor() actor: Actor,
  ): Promise<CampaignDto> {
    return this.campaigns.pause(campaignId, actor);
  }

  @Post(':campaign_id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dial again where the campaign left off' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Completed or cancelled' })
  resume(
    @Param('campaign_id') campaignId: string,
    @RequestActor() actor: Actor,
  ): Promise<CampaignDto> {
    return this.campaigns.resume(campaignId, actor);
  }

  @Post(':campaign_id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel the drivers not yet called; calls already live finish and are recorded',
  })
  @ApiOkResponse({ type: CampaignDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already completed' })
  cancel(
    @Param('campaign_id') campaignId: string,
    @RequestActor() actor: Actor,
  ): Promise<CampaignDto> {
    return this.campaigns.cancel(campaignId, actor);
  }
}
