import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto, TimeRangeQueryDto } from '../../common/dto/list-query.dto.js';
import { AUDIT_ACTIONS } from '../audit-action.js';

class AuditFilterQueryDto {
  @ApiPropertyOptional({
    example: 'dispatcher@example.com',
    description: "A user's email or a token subject",
  })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  actor?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS, { message: `action must be one of: ${AUDIT_ACTIONS.join(', ')}` })
  action?: string;
}

export class AuditQueryDto extends IntersectionType(
  AuditFilterQueryDto,
  TimeRangeQueryDto,
  PageQueryDto,
) {}

export class AuditEntryDto {
  @ApiProperty({ example: '2026-11-22T14:03:11.482Z' })
  at!: string;

  @ApiProperty({
    example: 'admin@dispatch.local',
    description: "The user's email, another service's token subject, or `system`",
  })
  actor!: string;

  @ApiProperty({ type: String, nullable: true, example: 'admin' })
  role!: string | null;

  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'user.disabled' })
  action!: string;

  @ApiProperty({ type: String, nullable: true, example: 'user:7 (fired@example.com)' })
  target!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { disabled: true } })
  detail!: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  client_ip!: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  entries!: AuditEntryDto[];

  @ApiProperty({ type: String, nullable: true })
  next_cursor!: string | null;
}
