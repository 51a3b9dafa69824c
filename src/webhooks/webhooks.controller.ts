import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AppConfig } from '../config/app-config.js';
import { TranscriptionWebhookDto, WebhookAckDto } from './dto/transcription-webhook.dto.js';
import { type PostCallAck, PostCallWebhookService } from './post-call-webhook.service.js';
import { readSignedWebhook } from './signed-webhook.js';
import {
  type TranscriptionAck,
  TranscriptionWebhookService,
} from './transcription-webhook.service.js';

const SIGNATURE = {
  name: 'ElevenLabs-Signature',
  required: true,
  description:
    't=<unix seconds>,v0=<hex HMAC-SHA256 of "<t>.<raw body>" under ELEVENLABS_WEBHOOK_SECRET>',
};

/** ElevenLabs' webhooks: authenticated by their HMAC signature, not by a bearer token. */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/elevenlabs')
export class WebhooksController {
  constructor(
    private readonly config: AppConfig,
    private readonly transcriptions: TranscriptionWebhookService,
    private readonly postCall: PostCallWebhookService,
  ) {}

  @Post('transcription')
  @HttpCode(200)
  @ApiOperation({ summary: 'Part 2: one dialogue turn of a live call (sent by ElevenLabs)' })
  @ApiHeader(SIGNATURE)
  @ApiBody({ type: TranscriptionWebhookDto })
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Missing, forged or stale signature',
  })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'No call with that call_sid / conversation_id',
  })
  transcription(@Req() request: Request): Promise<TranscriptionAck> {
    return this.transcriptions.handle(
      readSignedWebhook(request, this.config.elevenLabs.webhookSecret),
    );
  }

  @Post('post-call')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Part 3: post_call_transcription, call_initiation_failure or post_call_audio (sent by ElevenLabs)',
    description:
      'Unknown event types and conversations are acknowledged (200) and logged, so ElevenLabs never disables the webhook.',
  })
  @ApiHeader(SIGNATURE)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['type', 'data'],
      properties: {
        type: { type: 'string', example: 'post_call_transcription' },
        event_timestamp: { type: 'integer' },
        data: { type: 'object' },
      },
    },
  })
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Missing, forged or stale signature',
  })
  postCallWebhook(@Req() request: Request): Promise<PostCallAck> {
    return this.postCall.handle(readSignedWebhook(request, this.config.elevenLabs.webhookSecret));
  }
}
