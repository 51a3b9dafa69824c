import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { FOLLOW_UP_REASONS, type FollowUpReason } from '../../calls/items/call-items.repository.js';
import { PagedQueryDto } from '../../common/dto/list-query.dto.js';

/** The queue: `from`/`to` bound when an item entered it. */
export class FollowUpQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ enum: FOLLOW_UP_REASONS })
  @IsOptional()
  @IsIn(FOLLOW_UP_REASONS, { message: `reason must be one of: ${FOLLOW_UP_REASONS.join(', ')}` })
  reason?: FollowUpReason;
}

export class FollowUpDto {
  @ApiProperty() call_sid!: string;
  @ApiProperty({ nullable: true, type: String }) conversation_id!: string | null;
  @ApiProperty({
    enum: ['item', 'call'],
    description:
      'item: one open violation or reminder; call: the call itself needs a dispatcher (a failed transfer, or needs_dispatcher with no open item), with item, type and description null',
  })
  scope!: 'item' | 'call';
  @ApiProperty() driver_id!: string;
  @ApiProperty({ nullable: true, type: String }) driver_name!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The driver's number on record" })
  phone_number!: string | null;
  @ApiProperty() trip_id!: string;
  @ApiProperty({ nullable: true, type: Number }) item!: number | null;
  @ApiProperty({ nullable: true, enum: ['violation', 'reminder'] }) type!: string | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ enum: FOLLOW_UP_REASONS }) reason!: FollowUpReason;
  @ApiProperty({
    description: 'When the entry entered the queue (a failed transfer: when the agent tried it)',
  })
  since!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'driver_asked_callback: the time the driver asked to be called back at (they could not talk safely, or asked for later)',
  })
  call_back_at!: string | null;
}

export class FollowUpPageDto {
  @ApiProperty({ type: [FollowUpDto] }) follow_ups!: FollowUpDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}
