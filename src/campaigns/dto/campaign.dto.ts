import { ApiProperty } from '@nestjs/swagger';
import { CallingWindowDto } from './create-campaign.dto.js';

export class CampaignCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty() pending!: number;
  @ApiProperty() in_progress!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty() cancelled!: number;
}

const STATUSES = ['running', 'paused', 'completed', 'cancelled'];

export class CampaignSummaryDto {
  @ApiProperty({ example: 'cmp_5f0c2a4e9b7d4d43a1f6c1e2d3b4a596' }) campaign_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ type: CampaignCountsDto }) counts!: CampaignCountsDto;
  @ApiProperty() created_at!: string;
}

export class CampaignRetryDto {
  @ApiProperty() max_attempts!: number;
  @ApiProperty() delay_seconds!: number;
}

export class CampaignListItemDto extends CampaignSummaryDto {
  @ApiProperty() call_type!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ type: CallingWindowDto }) calling_window!: CallingWindowDto;
  @ApiProperty() concurrency!: number;
  @ApiProperty({ type: CampaignRetryDto }) retry!: CampaignRetryDto;
  @ApiProperty({ description: 'The user who created it' }) created_by!: string;
  @ApiProperty() updated_at!: string;
  @ApiProperty({ nullable: true, description: 'When it completed or was cancelled' })
  finished_at!: string | null;
}

export class CampaignDriverStateDto {
  @ApiProperty() driver_id!: string;
  @ApiProperty() driver_name!: string;
  @ApiProperty({ example: 'America/Chicago' }) timezone!: string;
  @ApiProperty({
    enum: ['pending', 'in_progress', 'completed', 'failed', 'skipped', 'cancelled'],
  })
  state!: string;
  @ApiProperty({ description: 'Dials so far (a refusal for the platform limit is not one)' })
  attempts!: number;
  @ApiProperty({ type: [String], description: "Each attempt's call record, oldest first" })
  call_sids!: string[];
  @ApiProperty({ nullable: true, description: 'When a pending driver will be dialled' })
  next_attempt_at!: string | null;
  @ApiProperty({ nullable: true, enum: ['opted_out'] }) skip_reason!: string | null;
  @ApiProperty({
    nullable: true,
    example: 'no-answer',
    description: 'busy, no-answer, voicemail, dial-error: <reason>, …',
  })
  last_failure!: string | null;
  @ApiProperty({
    nullable: true,
    example: 'calling window opens 08:00 America/Chicago time (08:00-18:00)',
    description:
      'Why a pending driver waits for next_attempt_at: quiet hours, the calling window, a call-back the driver asked for, another call',
  })
  waiting_reason!: string | null;
  @ApiProperty({
    nullable: true,
    example: 'The driver called back (CB_CA4746caaf456d7c2db1574b7d1f211f6a)',
    description: 'How a completed driver was reached when not by the campaign’s own call',
  })
  completion_note!: string | null;
  @ApiProperty({
    nullable: true,
    example: { total: 2, settled: 1 },
    description:
      "The latest call's violations and reminders, and how many an outcome settled (resolved or acknowledged); null before a call",
  })
  items!: { total: number; settled: number } | null;
}

export class CampaignDto extends CampaignListItemDto {
  @ApiProperty({ type: [CampaignDriverStateDto] }) drivers!: CampaignDriverStateDto[];
}

export class CampaignPageDto {
  @ApiProperty({ type: [CampaignListItemDto] }) campaigns!: CampaignListItemDto[];
  @ApiProperty({ nullable: true }) next_cursor!: string | null;
}

export class CampaignPreviewDriverDto {
  @ApiProperty() driver_id!: string;
  @ApiProperty() driver_name!: string;
  @ApiProperty({ description: 'E.164, as it would be dialled' }) phone_number!: string;
  @ApiProperty({ description: "The driver's zone, or the campaign's" }) timezone!: string;
  @ApiProperty() trip_id!: string;
  @ApiProperty({ description: 'Violations and reminders to discuss' }) items!: number;
  @ApiProperty({ nullable: true, enum: ['en', 'es'] }) language!: string | null;
  @ApiProperty({ enum: ['pending', 'skipped'] }) state!: 'pending' | 'skipped';
  @ApiProperty({ nullable: true, enum: ['opted_out'] }) skip_reason!: 'opted_out' | null;
}

/** `POST /campaigns?dry_run=true`: what would be stored; nothing is. */
export class CampaignPreviewDto {
  @ApiProperty({ enum: [true] }) dry_run!: true;
  @ApiProperty() name!: string;
  @ApiProperty() call_type!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ type: CallingWindowDto }) calling_window!: CallingWindowDto;
  @ApiProperty({ example: { total: 3, pending: 2, skipped: 1 } })
  counts!: { total: number; pending: number; skipped: number };
  @ApiProperty({ type: [CampaignPreviewDriverDto] }) drivers!: CampaignPreviewDriverDto[];
}
