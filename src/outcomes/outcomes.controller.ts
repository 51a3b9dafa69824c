import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import type { ItemView } from '../item-vocabulary/item-view.js';
import { CallRateLimitGuard } from '../calls/placement/call-rate-limit.guard.js';
import { PlaceCallResponseDto } from '../calls/dto/place-call.dto.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { assertCallIdentifier } from '../calls/call-identifier.js';
import { FollowUpPageDto, FollowUpQueryDto } from './dto/follow-up.dto.js';
import { ItemDto, ItemOutcomeChangeDto } from './dto/item-outcome.dto.js';
import { FollowUpsService } from './follow-ups.service.js';
import { ItemOutcomesService } from './item-outcomes.service.js';

@ApiTags('outcomes')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller()
export class OutcomesController {
  constructor(
    private readonly outcomes: ItemOutcomesService,
    private readonly followUps: FollowUpsService,
  ) {}

  @Patch('calls/:identifier/items/:n')
  @ApiOperation({ summary: "A dispatcher sets or corrects an item's outcome (source dispatcher)" })
  @ApiOkResponse({ type: ItemDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such call or item' })
  override(
    @Param('identifier') identifier: string,
    @Param('n', new ParseIntPipe({ errorHttpStatusCode: 400 })) item: number,
    @Body() body: ItemOutcomeChangeDto,
    @RequestActor() actor: Actor,
  ): Promise<ItemView> {
    return this.outcomes.override(assertCallIdentifier(identifier), item, body, actor);
  }

  @Get('follow-ups')
  @ApiOperation({
    summary: 'Items that need a dispatcher, newest first: disputed, not discussed, ETA passed, …',
    description:
      'An item leaves the queue when it becomes resolved or acknowledged, or a follow-up call takes it over.',
  })
  @ApiOkResponse({ type: FollowUpPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  queue(@Query() query: FollowUpQueryDto): Promise<FollowUpPageDto> {
    return this.followUps.queue(query);
  }

  @Post('calls/:identifier/follow-up')
  @UseGuards(CallRateLimitGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: "Call the same driver again about this call's open items only (Part 1's answer)",
  })
  @ApiOkResponse({ type: PlaceCallResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Nothing open, or the driver is on another call',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Over CALL_RATE_LIMIT_PER_MINUTE, counted with Part 1',
  })
  callAgain(
    @Param('identifier') identifier: string,
    @RequestActor() actor: Actor,
  ): Promise<PlaceCallResponseDto> {
    return this.followUps.callAgain(assertCallIdentifier(identifier), actor);
  }
}
