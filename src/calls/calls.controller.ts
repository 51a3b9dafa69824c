import {
  Body,
  Controller,
  DefaultValuePipe,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { CallPlacementService } from './placement/call-placement.service.js';
import { attemptFromRequest, placeCallResponse } from './dto/place-call.mapping.js';
import { DriverWithCallsDto } from './dto/driver-calls.dto.js';
import { PlaceCallDto, PlaceCallResponseDto } from './dto/place-call.dto.js';
import { DriverCallsService } from './record/driver-calls.service.js';
import { CallRateLimitGuard } from './placement/call-rate-limit.guard.js';

@ApiTags('calls')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  type: ErrorResponseDto,
  description: 'Missing, invalid or expired bearer token',
})
@Controller('driver_data')
export class CallsController {
  constructor(
    private readonly placement: CallPlacementService,
    private readonly drivers: DriverCallsService,
  ) {}

  @Post('call-elevenlabs')
  @HttpCode(200)
  @UseGuards(CallRateLimitGuard)
  @ApiOperation({
    summary: 'Part 1: phone the first driver about their violations and reminders',
    description:
      'Records the call (status IN_PROGRESS) before asking ElevenLabs to dial. Retrying with the same driverId and timestamp returns the same call without dialing again, unless it failed to start.',
  })
  @ApiOkResponse({ type: PlaceCallResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'e.g. {"detail": "No driver data provided"}',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'The driver is already on a call in progress',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Per-user limit on placing calls',
  })
  @ApiInternalServerErrorResponse({
    type: ErrorResponseDto,
    description: '{"detail": "Failed to initiate ElevenLabs call: <reason>"}',
  })
  async placeCall(
    @Body() body: PlaceCallDto,
    @RequestActor() actor: Actor,
  ): Promise<PlaceCallResponseDto> {
    return placeCallResponse(await this.placement.place(attemptFromRequest(body), actor));
  }

  @Get(':driver_id')
  @ApiOperation({ summary: 'A driver with their calls, newest first' })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  })
  @ApiOkResponse({ type: DriverWithCallsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getDriver(
    @Param('driver_id') driverId: string,
    @Query('limit', new DefaultValuePipe(50), new ParseIntPipe({ errorHttpStatusCode: 400 }))
    limit: number,
  ): Promise<DriverWithCallsDto> {
    return this.drivers.withCalls(driverId, Math.min(Math.max(limit, 1), 200));
  }
}
