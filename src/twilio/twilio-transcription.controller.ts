import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { type TwilioAck, TwilioTranscriptionService } from './twilio-transcription.service.js';

/** Twilio's callbacks: authenticated by their signature, not by a bearer token. */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/twilio')
export class TwilioTranscriptionController {
  constructor(private readonly transcriptions: TwilioTranscriptionService) {}

  @Post('transcription')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Twilio Real-Time Transcription callbacks (ELEVENLABS_LIVE_SOURCE=twilio)',
    description:
      'Form-encoded, signed with X-Twilio-Signature. Final `transcription-content` results become turns: inbound_track the driver, outbound_track the agent.',
  })
  @ApiHeader({ name: 'X-Twilio-Signature', required: true })
  @ApiOkResponse({ schema: { example: { status: 'stored' } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or wrong signature' })
  transcription(
    @Req() request: Request,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<TwilioAck> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const params = Object.fromEntries(
      Object.entries(body).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    return this.transcriptions.handle(params, signature);
  }
}
