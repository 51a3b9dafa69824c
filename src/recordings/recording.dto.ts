import { ApiProperty } from '@nestjs/swagger';

export class RecordingLinkDto {
  @ApiProperty({
    example: '/recordings/EL_DRV_1_2026-11-30T10:00:00Z?expires=1796000000&signature=…',
    description: 'A path on this service; it plays until expires_at, for anyone who has it',
  })
  url!: string;
  @ApiProperty() expires_at!: string;
}

export class CallRecordingDto {
  @ApiProperty({ description: 'Our copy can be played' }) available!: boolean;
  @ApiProperty({ nullable: true, type: Number }) bytes!: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'audio/mpeg' })
  content_type!: string | null;
  @ApiProperty({ nullable: true, type: String }) stored_at!: string | null;
}
