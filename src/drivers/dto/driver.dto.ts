import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsTimeZone,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Type } from 'class-transformer';
import { CALL_LANGUAGES } from '../call-language.js';

export class DriverQueryDto {
  @ApiPropertyOptional({ description: 'Part of a name, a driver id or a phone number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer from 1 to 200' })
  @Min(1, { message: 'limit must be an integer from 1 to 200' })
  @Max(200, { message: 'limit must be an integer from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class OpenItemDto {
  @ApiProperty() call_sid!: string;
  @ApiProperty() item!: number;
  @ApiProperty({ enum: ['violation', 'reminder'] }) type!: string;
  @ApiProperty() description!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'will_fix, disputed, not_discussed, or null (nobody reported on it)',
  })
  outcome!: string | null;
  @ApiProperty({ description: 'When the call it was raised on ended' }) since!: string;
}

export class LastCallDto {
  @ApiProperty() call_sid!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ enum: ['outbound', 'inbound'] }) direction!: string;
  @ApiProperty() call_start_time!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Why the driver was not reached (busy, no-answer, voicemail, …); null when they were',
  })
  not_reached!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) call_successful!: boolean | null;
}

export class DriverSummaryDto {
  @ApiProperty({ example: 'DRV_12345' }) driver_id!: string;
  @ApiProperty({ example: 'John Smith' }) driver_name!: string;
  @ApiProperty({ example: '+12192002824', description: 'E.164' }) phone_number!: string;
  @ApiProperty({ nullable: true, type: String, example: 'es' }) language!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'America/Chicago' }) timezone!:
    string | null;
}

export class DriverPageDto {
  @ApiProperty({ type: [DriverSummaryDto] }) drivers!: DriverSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class DriverDto extends DriverSummaryDto {
  @ApiProperty() opted_out!: boolean;
  @ApiProperty({
    type: [OpenItemDto],
    description:
      'Items of ended calls no outcome has settled (resolved and acknowledged settle one; will_fix, disputed and not_discussed do not), newest first; a follow-up or callback copy counts once, and items older than OPEN_ITEMS_MAX_AGE_DAYS are left out',
  })
  open_items!: OpenItemDto[];
  @ApiProperty({ type: LastCallDto, nullable: true }) last_call!: LastCallDto | null;
}

export class DriverChangeDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'driver_name must not be empty' })
  @MaxLength(200)
  driver_name?: string;

  @ApiPropertyOptional({ example: '+12192002824', description: 'Any common format; stored E.164' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone_number?: string;

  @ApiPropertyOptional({
    example: 'es',
    enum: CALL_LANGUAGES,
    nullable: true,
    description:
      'The language calls are made in (en or es); a person’s choice wins over what the driver is heard speaking; null: the default (English), learnt from calls',
  })
  @IsOptional()
  @IsIn(CALL_LANGUAGES, { message: 'language must be en or es (the languages calls are made in)' })
  language?: string | null;

  @ApiPropertyOptional({ example: 'America/Chicago', nullable: true })
  @IsOptional()
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as America/Chicago' })
  timezone?: string | null;
}
