import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { CallHistoryService } from './call-history.service.js';
import { CallDetailDto, CallHistoryQueryDto, CallPageDto } from './dto/call-history.dto.js';
import { assertCallIdentifier } from '../calls/call-identifier.js';

@ApiTags('calls')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('calls')
export class CallHistoryController {
  constructor(private readonly history: CallHistoryService) {}

  @Get()
  @ApiOperation({ summary: 'Call history, newest first, with filters and cursor pagination' })
  @ApiOkResponse({ type: CallPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@Query() query: CallHistoryQueryDto): Promise<CallPageDto> {
    return this.history.list(query);
  }

  @Get(':identifier')
  @ApiOperation({
    summary: 'One call by call_sid or conversation_id, with its transcript in order',
  })
  @ApiParam({ name: 'identifier', example: 'EL_DRV_12345_2025-11-21T15:30:00Z' })
  @ApiOkResponse({ type: CallDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('identifier') identifier: string): Promise<CallDetailDto> {
    return this.history.get(assertCallIdentifier(identifier));
  }
}
