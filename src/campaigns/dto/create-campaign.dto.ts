import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsMilitaryTime,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  ArrayNotEmpty,
} from 'class-validator';
import { DriverDataDto } from '../../calls/dto/place-call.dto.js';

export const MAX_CAMPAIGN_DRIVERS = 1000;

export class CampaignDriverDto extends DriverDataDto {
  @ApiPropertyOptional({
    example: 'America/Chicago',
    description: "IANA zone; the campaign's timezone when absent",
  })
  @IsOptional()
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as America/Chicago' })
  timezone?: string;
}

export class CallingWindowDto {
  @ApiProperty({ example: '08:00', description: 'Driver-local HH:MM (24 h)' })
  @IsMilitaryTime({ message: 'start must be a time HH:MM (24 h)' })
  start!: string;

  @ApiProperty({
    example: '18:00',
    description: 'Driver-local HH:MM, excluded; before start: the window runs across midnight',
  })
  @IsMilitaryTime({ message: 'end must be a time HH:MM (24 h)' })
  end!: string;
}

export class RetryPolicyDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  max_attempts?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 86400, default: 900 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  delay_seconds?: number;
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'Reefers on lane 12 before pickup', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'violation', maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  callType!: string;

  @ApiProperty({ type: [CampaignDriverDto], minItems: 1, maxItems: MAX_CAMPAIGN_DRIVERS })
  @IsDefined({ message: 'drivers must list at least one driver' })
  @IsArray({ message: 'drivers must list at least one driver' })
  @ArrayNotEmpty({ message: 'drivers must list at least one driver' })
  @ArrayMaxSize(MAX_CAMPAIGN_DRIVERS, {
    message: `drivers must list at most ${MAX_CAMPAIGN_DRIVERS} drivers`,
  })
  @ValidateNested({ each: true })
  @Type(() => CampaignDriverDto)
  drivers!: CampaignDriverDto[];

  @ApiProperty({
    example: 'America/Chicago',
    description: 'IANA zone of drivers without their own',
  })
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as America/Chicago' })
  timezone!: string;

  @ApiProperty({ type: CallingWindowDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CallingWindowDto)
  calling_window!: CallingWindowDto;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 50,
    default: 3,
    description:
      "This campaign's calls live at once at most (the service-wide cap still applies, shared evenly among running campaigns)",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  concurrency?: number;

  @ApiPropertyOptional({ type: RetryPolicyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RetryPolicyDto)
  retry?: RetryPolicyDto;
}

export class CampaignCreateQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: check the campaign and answer what would be stored, storing nothing',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dry_run must be true or false' })
  dry_run?: 'true' | 'false';
}
