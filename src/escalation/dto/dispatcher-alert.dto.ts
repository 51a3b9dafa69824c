import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { DispatcherAlertView } from '../../events/realtime-messages.js';
import { DISPATCHER_ALERT_KINDS } from '../dispatcher-alert.entity.js';

export class DispatcherAlertQueryDto {
  @ApiPropertyOptional({
    enum: ['open', 'all'],
    description: 'open (the default): only alerts nobody acknowledged yet',
  })
  @IsOptional()
  @IsIn(['open', 'all'], { message: 'status must be open or all' })
  status?: 'open' | 'all';
}

export class DispatcherAlertDto implements DispatcherAlertView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: DISPATCHER_ALERT_KINDS }) kind!: DispatcherAlertView['kind'];
  @ApiProperty({ nullable: true, type: String, description: "The agent's reason for the transfer" })
  reason!: string | null;
  @ApiProperty() created_at!: string;
  @ApiProperty({ nullable: true, type: String }) acknowledged_at!: string | null;
  @ApiProperty({ nullable: true, type: String }) acknowledged_by!: string | null;
  @ApiProperty() call_sid!: string;
  @ApiProperty({ nullable: true, type: String }) conversation_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) driver_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) driver_name!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The driver's number (or an unknown caller's), to call them back at once",
  })
  phone_number!: string | null;
}

export class DispatcherAlertListDto {
  @ApiProperty({ type: [DispatcherAlertDto] }) alerts!: DispatcherAlertDto[];
}
