import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';

/** Part 2's payload. `conversation_id` may stand in for `call_sid`. */
export class TranscriptionWebhookDto {
  @ApiPropertyOptional({ example: 'EL_DRV_12345_2025-11-21T15:30:00Z' })
  @ValidateIf((payload: TranscriptionWebhookDto) => payload.conversation_id === undefined)
  @IsString({ message: 'call_sid or conversation_id is required' })
  @IsNotEmpty()
  @MaxLength(255)
  call_sid?: string;

  @ApiPropertyOptional({ example: 'conv_1901kaj4pr1penza6bbkscg6hgkc' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  conversation_id?: string;

  @ApiProperty({ enum: ['user', 'agent'], description: '`user` is the driver' })
  @IsIn(['user', 'agent'], { message: 'speaker must be "user" or "agent"' })
  speaker!: 'user' | 'agent';

  @ApiProperty({ example: "Yeah, I'll adjust the temperature right now" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  message!: string;

  @ApiProperty({ example: '2025-11-21T15:32:15.000Z' })
  @IsString()
  @IsISO8601({ strict: true }, { message: 'timestamp must be an ISO 8601 date-time' })
  timestamp!: string;
}

export class WebhookAckDto {
  @ApiProperty({
    example: 'stored',
    description: 'stored, duplicate, applied, unchanged, ignored...',
  })
  status!: string;
}
