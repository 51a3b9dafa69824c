import {
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import { AdminOnly } from '../auth/admin-only.decorator.js';
import { Public } from '../auth/public.decorator.js';
import { assertCallIdentifier } from '../calls/call-identifier.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { RecordingLinkDto } from './recording.dto.js';
import { type RecordingBody, RecordingsService } from './recordings.service.js';

/** Streams a recording (or the asked range) with the headers a player seeks with. */
function send(body: RecordingBody, response: Response): StreamableFile {
  response.setHeader('accept-ranges', 'bytes');
  response.setHeader('cache-control', 'private, max-age=0');
  if (body.contentRange) {
    response.status(206);
    response.setHeader('content-range', body.contentRange);
  }
  return new StreamableFile(body.stream, { type: body.contentType, length: body.length });
}

@ApiTags('recordings')
@Controller()
export class RecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  @Get('calls/:identifier/recording')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "The call's recording (our copy), streamed; `Range: bytes=` gives 206 for seeking",
  })
  @ApiProduces('audio/mpeg')
  @ApiOkResponse({ description: 'The whole recording (206 with Content-Range for a range)' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No recording for this call' })
  async play(
    @Param('identifier') identifier: string,
    @Headers('range') range: string | undefined,
    @RequestActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return send(
      await this.recordings.play(assertCallIdentifier(identifier), range, actor),
      response,
    );
  }

  @Post('calls/:identifier/recording/link')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'A short-lived signed link to the recording, for an <audio> element (no token in it)',
  })
  @ApiOkResponse({ type: RecordingLinkDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  link(
    @Param('identifier') identifier: string,
    @RequestActor() actor: Actor,
  ): Promise<RecordingLinkDto> {
    return this.recordings.link(assertCallIdentifier(identifier), actor);
  }

  @Get('recordings/:callSid')
  @Public()
  @ApiOperation({ summary: 'What a signed link plays (RECORDING_LINK_SECONDS), ranges included' })
  @ApiProduces('audio/mpeg')
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a valid or live link' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async linked(
    @Param('callSid') callSid: string,
    @Query('expires') expires: unknown,
    @Query('signature') signature: unknown,
    @Headers('range') range: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const body = await this.recordings.playLinked(
      assertCallIdentifier(callSid),
      expires,
      signature,
      range,
    );
    return send(body, response);
  }

  @Delete('calls/:identifier/recording')
  @AdminOnly()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Admins: delete our copy of the recording (audited)' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async delete(
    @Param('identifier') identifier: string,
    @RequestActor() actor: Actor,
  ): Promise<void> {
    await this.recordings.delete(assertCallIdentifier(identifier), actor);
  }
}
