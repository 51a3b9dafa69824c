import { ApiProperty } from '@nestjs/swagger';
import { CallStatus } from '../record/call-status.js';

export class DriverCallSummaryDto {
  @ApiProperty({ example: 'EL_DRV_12345_2025-11-21T15:30:00Z' })
  call_sid!: string;

  @ApiProperty({ example: 'conv_1901kaj4pr1penza6bbkscg6hgkc', nullable: true })
  conversation_id!: string | null;

  @ApiProperty({ enum: CallStatus })
  status!: CallStatus;

  @ApiProperty({ example: '2025-11-21T15:30:00.000Z' })
  call_start_time!: string;

  @ApiProperty({ example: '2025-11-21T15:32:25.000Z', nullable: true })
  call_end_time!: string | null;

  @ApiProperty({ example: 145, nullable: true })
  call_duration_seconds!: number | null;

  @ApiProperty({ example: 'Driver acknowledged temperature issue.', nullable: true })
  transcript_summary!: string | null;
}

export class DriverWithCallsDto {
  @ApiProperty({ example: 'DRV_12345' })
  driverId!: string;

  @ApiProperty({ example: 'John Smith' })
  driverName!: string;

  @ApiProperty({ example: '+12192002824' })
  phoneNumber!: string;

  @ApiProperty({ type: [DriverCallSummaryDto], description: 'Newest first, at most `limit`' })
  calls!: DriverCallSummaryDto[];
}
