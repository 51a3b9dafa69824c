import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** A time range: `from` inclusive, `to` exclusive. */
export class TimeRangeQueryDto {
  @ApiPropertyOptional({ example: '2025-11-01T00:00:00Z', description: 'At or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-12-01T00:00:00Z', description: 'Before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;
}

class DriverQueryDto {
  @ApiPropertyOptional({ example: 'DRV_12345' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  driverId?: string;
}

/** The filters every list and report takes: one driver, a time range. */
export class DriverTimeRangeQueryDto extends IntersectionType(DriverQueryDto, TimeRangeQueryDto) {}

/** Keyset paging, newest first. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not one this API issued' })
  cursor?: string;
}

/** One driver, a time range, and keyset paging. */
export class PagedQueryDto extends IntersectionType(DriverTimeRangeQueryDto, PageQueryDto) {}
