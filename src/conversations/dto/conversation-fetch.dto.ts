import { ApiProperty } from '@nestjs/swagger';

export class ConversationFetchResponseDto {
  @ApiProperty({ example: 'Conversation data fetched and stored successfully' })
  message!: string;

  @ApiProperty({ example: 'conv_1901kaj4pr1penza6bbkscg6hgkc' })
  conversation_id!: string;

  @ApiProperty({ example: 'EL_DRV_12345_2025-11-21T15:30:00Z' })
  call_sid!: string;

  @ApiProperty({ example: true })
  call_updated!: boolean;

  @ApiProperty({ enum: ['COMPLETED', 'FAILED', 'IN_PROGRESS'], example: 'COMPLETED' })
  call_status!: string;

  @ApiProperty({ example: 145, nullable: true })
  call_duration!: number | null;

  @ApiProperty({
    example: 12,
    description: 'New rows stored by this fetch (0 when already complete)',
  })
  transcriptions_added!: number;

  @ApiProperty({ example: 12 })
  transcriptions_total!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The conversation exactly as ElevenLabs sent it',
  })
  conversation_data!: Record<string, unknown>;
}
