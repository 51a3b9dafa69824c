import { ApiProperty } from '@nestjs/swagger';
import { DriverTimeRangeQueryDto } from '../../common/dto/list-query.dto.js';

/** Reports: `from`/`to` bound when the calls started. */
export class AnalyticsQueryDto extends DriverTimeRangeQueryDto {}

export class SummaryDayDto {
  @ApiProperty({ example: '2025-11-21' }) day!: string;
  @ApiProperty() calls!: number;
  @ApiProperty() answered!: number;
  @ApiProperty() items_resolved!: number;
  @ApiProperty({ description: 'US dollars' }) cost!: number;
}

export class SummaryDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Ended outbound calls someone spoke on / ended outbound calls',
  })
  answer_rate!: number | null;

  @ApiProperty({
    example: { total: 12, by_status: { IN_PROGRESS: 1, COMPLETED: 9, FAILED: 2 }, inbound: 2 },
    description:
      'Every call, both directions; `inbound`: how many of them drivers made to the agent',
  })
  calls!: { total: number; by_status: Record<string, number>; inbound: number };

  @ApiProperty({
    example: {
      total: 30,
      by_outcome: {
        resolved: 8,
        will_fix: 9,
        acknowledged: 6,
        disputed: 3,
        not_discussed: 1,
        unknown: 3,
      },
      by_type: { violation: 18, reminder: 12 },
    },
  })
  items!: {
    total: number;
    by_outcome: Record<string, number>;
    by_type: Record<string, number>;
  };

  @ApiProperty({
    example: { total: 3, succeeded: 2, failed: 1 },
    description: 'Ended calls the agent put (or tried to put) through to a person',
  })
  transfers!: { total: number; succeeded: number; failed: number };

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Transfers / ended calls someone spoke on (either direction)',
  })
  transfer_rate!: number | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Median minutes from placing a call to the driver committing on an item',
  })
  median_minutes_to_commitment!: number | null;

  @ApiProperty({
    example: { total: 1.84, per_call: 0.16, per_resolved_item: 0.23 },
    description:
      'US dollars (ElevenLabs cost_fiat); per-call and per-item figures are null without data',
  })
  cost!: { total: number; per_call: number | null; per_resolved_item: number | null };

  @ApiProperty({ type: [SummaryDayDto] }) per_day!: SummaryDayDto[];
}
