import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class AgentSyncQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dry_run must be true or false' })
  dry_run?: string;
}

export class AgentSettingChangeDto {
  @ApiProperty({ example: 'platform_settings.data_collection.driver_opt_out' })
  setting!: string;

  @ApiProperty({ example: 'Opt-outs are collected after each call' })
  why!: string;
}

export class AgentSyncResultDto {
  @ApiProperty({ example: 'agent_8401k0example' })
  agent_id!: string;

  @ApiProperty({ description: 'True when something was changed (never on a dry run)' })
  updated!: boolean;

  @ApiProperty({ description: 'True when nothing was sent' })
  dry_run!: boolean;

  @ApiProperty({ type: [AgentSettingChangeDto], description: 'Settings that differed' })
  changes!: AgentSettingChangeDto[];
}
