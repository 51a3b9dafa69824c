import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
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
  private readonly logger = new Logger('AnalyticsExport');

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
    // The first line is read before anything is sent, so a bad filter is still a 400.
    const first = await lines.next();
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', 'attachment; filename="calls.csv"');
    if (!first.done) response.write(first.value);
    try {
      // pipeline stops the query loop when the client goes away, waits for drain, and aborts the
      // response (no clean end) when the database fails mid-way, so a cut file never looks whole.
      // One page read ahead (not Readable.from's 16): a gone client stops the reads sooner,
      // and a big export holds a page in memory, not sixteen.
      await pipeline(Readable.from(lines, { highWaterMark: 1 }), response);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        this.logger.error(`CSV export aborted: ${(error as Error).message}`);
    }
  }
}
