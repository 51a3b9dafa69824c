import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AnalyticsService } from './analytics.service.js';
import { AnalyticsQueryDto, SummaryDto } from './dto/analytics.dto.js';

@ApiTags('analytics')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('summary')
  @ApiOperation({
    summary: 'Answer rate, calls by status, items by outcome and type, cost, per day',
  })
  @ApiOkResponse({ type: SummaryDto })
  summary(@Query() query: AnalyticsQueryDto): Promise<SummaryDto> {
    return this.analytics.summary(query);
  }

  @Get('calls.csv')
  @ApiOperation({ summary: 'Calls with their items as CSV, one row per item (same filters)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv; a header row, then a row per item of each call' })
  async csv(@Query() query: AnalyticsQueryDto, @Res() response: Response): Promise<void> {
    const lines = this.analytics.csv(query);
    const first = await lines.next();
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', 'attachment; filename="calls.csv"');
    if (!first.done) response.write(first.value);
    for await (const chunk of lines) {
      if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
    }
    response.end();
  }
}
