import { CALL_LANGUAGES, type CallLanguage } from '../../drivers/call-language.js';
import type { NotReachedReason } from '../../calls/record/not-reached.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { CallDirection } from '../../calls/record/call.entity.js';
import { CallStatus } from '../../calls/record/call-status.js';
import { PagedQueryDto } from '../../common/dto/list-query.dto.js';
import { CallRecordingDto } from '../../recordings/recording.dto.js';
import { ItemDto } from '../../outcomes/dto/item-outcome.dto.js';

/** Calls: `from`/`to` bound when they started. */
export class CallHistoryQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({
    description:
      "Part of a driver's name, a call_sid or driver id, a conversation id, or part of a phone number (3+ digits)",
  })
  @IsOptional()
  @IsString({ message: 'q must be text' })
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;

  @ApiPropertyOptional({ enum: CallStatus })
  @IsOptional()
  @IsEnum(CallStatus, { message: 'status must be IN_PROGRESS, COMPLETED or FAILED' })
  status?: CallStatus;

  @ApiPropertyOptional({ enum: ['outbound', 'inbound'] })
  @IsOptional()
  @IsIn(['outbound', 'inbound'], { message: 'direction must be outbound or inbound' })
  direction?: CallDirection;
}

export class CallTransferDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: '+12195550142',
    description: 'The number the driver was put through (or tried to be put through) to',
  })
  to!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Driver disputes the reefer reading' })
  reason!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'false: the transfer failed (the call is on the follow-up queue)' })
  succeeded!: boolean;
}

export class CallSummaryDto {
  @ApiProperty({ example: 'EL_DRV_12345_2025-11-21T15:30:00Z' }) call_sid!: string;
  @ApiProperty({
    enum: ['outbound', 'inbound'],
    description: 'outbound: we phoned the driver; inbound: they phoned the agent back',
  })
  direction!: CallDirection;
  @ApiProperty({
    enum: CALL_LANGUAGES,
    description: 'The language the call was made in (transcripts stay as spoken)',
  })
  language!: CallLanguage;
  @ApiProperty({ nullable: true, example: 'conv_1901kaj4pr1penza6bbkscg6hgkc' }) conversation_id!:
    string | null;
  @ApiProperty({ nullable: true, example: 'CA4746caaf456d7c2db1574b7d1f211f6a' }) callSid!:
    string | null;
  @ApiProperty({
    example: 'DRV_12345',
    nullable: true,
    type: String,
    description: 'Null only for an inbound call from a number no driver has',
  })
  driver_id!: string | null;
  @ApiProperty({ nullable: true, example: 'John Smith' }) driver_name!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '+12192002824',
    description: "The driver's number on record, or the number an unknown caller phoned from",
  })
  phone_number!: string | null;
  @ApiProperty({ enum: CallStatus }) status!: CallStatus;
  @ApiProperty({ example: 'violation' }) call_type!: string;
  @ApiProperty({ example: 'TRIP_78910' }) trip_id!: string;
  @ApiProperty() call_start_time!: string;
  @ApiProperty({ nullable: true }) call_end_time!: string | null;
  @ApiProperty({ nullable: true, example: 145 }) call_duration_seconds!: number | null;
  @ApiProperty({ nullable: true, example: 0.08 }) cost!: number | null;
  @ApiProperty({ nullable: true }) call_successful!: boolean | null;
  @ApiProperty({ nullable: true }) transcript_summary!: string | null;
  @ApiProperty({ nullable: true }) failure_reason!: string | null;
  @ApiProperty({
    type: CallTransferDto,
    nullable: true,
    description:
      "The driver was put through to a person (the agent's transfer_to_number tool, from the post-call data); null when not",
  })
  transfer!: CallTransferDto | null;
  @ApiProperty({
    nullable: true,
    enum: ['busy', 'no-answer', 'voicemail', 'dial-error', 'rate-limited', 'unknown'],
    description: 'Why the driver was never reached; null when they were (or the call is live)',
  })
  not_reached!: NotReachedReason | null;
  @ApiProperty() has_audio!: boolean;
  @ApiProperty({
    type: CallRecordingDto,
    description:
      'Our copy of the recording (GET /calls/{id}/recording): fetched from ElevenLabs after the call',
  })
  recording!: CallRecordingDto;
  @ApiProperty({ example: 12 }) transcriptions_total!: number;
}

export class CallPageDto {
  @ApiProperty({ type: [CallSummaryDto] }) calls!: CallSummaryDto[];
  @ApiProperty({
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  next_cursor!: string | null;
}

export class TranscriptTurnDto {
  @ApiProperty({ example: 42 }) transcription_id!: number;
  @ApiProperty({ example: 5 }) sequence_number!: number;
  @ApiProperty({ enum: ['driver', 'agent'] }) speaker_type!: 'driver' | 'agent';
  @ApiProperty() message_text!: string;
  @ApiProperty({ example: '2025-11-21T15:32:15.000Z' }) timestamp!: string;
  @ApiProperty({
    enum: ['monitor', 'twilio', 'webhook', 'post_call', 'fetch'],
    description:
      'Where the turn came from: a live source, or ElevenLabs’ transcript after the call (a turn no live source caught)',
  })
  source!: string;
}

export class ViolationDetailViewDto {
  @ApiProperty({ enum: ['violation', 'reminder'] }) type!: string;
  @ApiProperty() description!: string;
}

export class CallDetailDto extends CallSummaryDto {
  @ApiProperty({
    type: [ItemDto],
    description: 'The violations and reminders, numbered as the prompt showed them, with outcomes',
  })
  items!: ItemDto[];

  @ApiProperty({ type: [ViolationDetailViewDto] }) violations!: ViolationDetailViewDto[];
  @ApiProperty({ nullable: true }) custom_rules!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'What the call said first: who is calling, that it is an automated assistant, the recording notice, the safety question',
  })
  first_message!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The time the driver asked to be called back at (they could not talk safely, or asked for later)',
  })
  call_back_at!: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) analysis!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) metadata!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: [TranscriptTurnDto] }) transcript!: TranscriptTurnDto[];
}
