import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-policy.js';
import { UserRole } from '../user-role.js';
import { DutyChangeDto } from './duty.dto.js';

const ROLE_MESSAGE = `role must be one of: ${Object.values(UserRole).join(', ')}`;

export class CreateUserDto {
  @ApiProperty({ example: 'new.dispatcher@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Leave out to have one generated: it is shown once in the response',
  })
  @IsOptional()
  @IsString()
  password?: string;

  @ApiProperty({ enum: UserRole, example: UserRole.DISPATCHER })
  @IsEnum(UserRole, { message: ROLE_MESSAGE })
  role!: UserRole;
}

export class UpdateUserDto extends DutyChangeDto {
  @ApiPropertyOptional({ enum: UserRole })
  @IsOptional()
  @IsEnum(UserRole, { message: ROLE_MESSAGE })
  role?: UserRole;

  @ApiPropertyOptional({
    description: 'A disabled user cannot sign in and every token issued to them is refused',
  })
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}

export class UserDto {
  @ApiProperty({ example: 7 })
  id!: number;

  @ApiProperty({ example: 'new.dispatcher@example.com' })
  email!: string;

  @ApiProperty({ enum: UserRole })
  role!: UserRole;

  @ApiProperty({ example: '2026-11-22T14:03:11.482Z' })
  created_at!: string;

  @ApiProperty({ example: false })
  disabled!: boolean;

  @ApiProperty({ nullable: true, type: String, example: '+12195550123' })
  phone_number!: string | null;

  @ApiProperty({ description: 'On duty now (set within the last ON_DUTY_HOURS)' })
  on_duty!: boolean;

  @ApiProperty({ nullable: true, type: String, description: 'When being on duty lapses' })
  on_duty_until!: string | null;

  @ApiProperty({ example: ['en', 'es'] })
  languages!: string[];
}

export class CreatedUserDto extends UserDto {
  @ApiPropertyOptional({
    description: 'Only when no password was given: the generated one, shown this once',
  })
  password?: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] })
  users!: UserDto[];
}
