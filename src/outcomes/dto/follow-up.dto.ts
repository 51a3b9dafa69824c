import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { FOLLOW_UP_REASONS, type FollowUpReason } from '../../calls/call-items.repository.js';

export class FollowUpQueryDto {
  @ApiPropertyOptional({ example: 'DRV_12345' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  driverId?: string;

  @ApiPropertyOptional({ enum: FOLLOW_UP_REASONS })
  @IsOptional()
  @IsIn(FOLLOW_UP_REASONS, { message: `reason must be one of: ${FOLLOW_UP_REASONS.join(', ')}` })
  reason?: FollowUpReason;

  @ApiPropertyOptional({ description: 'In the queue since at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'In the queue since before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

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

export class FollowUpDto {
  @ApiProperty() call_sid!: string;
  @ApiProperty({ nullable: true, type: String }) conversation_id!: string | null;
  @ApiProperty() driver_id!: string;
  @ApiProperty({ nullable: true, type: String }) driver_name!: string | null;
  @ApiProperty() item!: number;
  @ApiProperty({ enum: ['violation', 'reminder'] }) type!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ enum: FOLLOW_UP_REASONS }) reason!: FollowUpReason;
  @ApiProperty({ description: 'When the item entered the queue' }) since!: string;
}

export class FollowUpPageDto {
  @ApiProperty({ type: [FollowUpDto] }) follow_ups!: FollowUpDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}
