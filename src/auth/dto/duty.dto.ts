import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { CALL_LANGUAGES } from '../../drivers/call-language.js';

/** Who takes a transferred call: `PATCH /users/me`, and admins' `PATCH /users/{id}`. */
export class DutyChangeDto {
  @ApiPropertyOptional({
    example: '+12195550123',
    nullable: true,
    description: 'Where transferred calls ring (any common format; stored E.164); null: none',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'phone_number must be a phone number or null' })
  @MaxLength(40)
  phone_number?: string | null;

  @ApiPropertyOptional({
    description: `true: on duty from now for ON_DUTY_HOURS (again from now when already on duty); false: off duty`,
  })
  @IsOptional()
  @IsBoolean({ message: 'on_duty must be true or false' })
  on_duty?: boolean;

  @ApiPropertyOptional({
    example: ['en', 'es'],
    description: 'The languages they take calls in',
  })
  @IsOptional()
  @IsArray({ message: 'languages must be a list of en and es' })
  @ArrayNotEmpty({ message: 'languages must name at least one language' })
  @ArrayMaxSize(CALL_LANGUAGES.length)
  @ArrayUnique({ message: 'languages must not repeat a language' })
  @IsIn(CALL_LANGUAGES, { each: true, message: 'languages must be a list of en and es' })
  languages?: string[];
}
