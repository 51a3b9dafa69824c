import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class SimulatedCallbackRequestDto {
  @ApiProperty({
    example: '+12192002824',
    description: 'Who phones the agent: a driver on record, or any other valid number',
  })
  @IsString()
  @MaxLength(40)
  from!: string;
}

export class SimulatedCallbackDto {
  @ApiProperty({ example: 'conv_0123456789abcdef', nullable: true })
  conversation_id!: string | null;
  @ApiProperty({
    example: { status: 200 },
    nullable: true,
    description: "What this service's conversation-initiation webhook answered the simulator",
  })
  initiation!: { status: number | null; error?: string } | null;
}
