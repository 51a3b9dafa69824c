import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** What ElevenLabs sends before the agent answers an inbound call. */
export class ConversationInitiationDto {
  @ApiProperty({ example: '+12192002824', description: 'Who is calling (as the carrier gives it)' })
  @IsString({ message: 'caller_id must be a string' })
  @MaxLength(40)
  caller_id!: string;

  @ApiPropertyOptional({ example: 'agent_8101k...' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  agent_id?: string;

  @ApiPropertyOptional({ example: '+12196541187', description: 'The agent’s number' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  called_number?: string;

  @ApiProperty({ example: 'CA4746caaf456d7c2db1574b7d1f211f6a', description: 'Twilio’s call SID' })
  @IsString({ message: 'call_sid must be a string' })
  @Matches(/^[A-Za-z0-9]{1,64}$/, { message: 'call_sid must be Twilio’s call SID' })
  call_sid!: string;
}
