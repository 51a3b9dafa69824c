import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@dispatch.local' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'a-long-password', minLength: 1 })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class TokenResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  access_token!: string;

  @ApiProperty({ example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({ example: 43200, description: 'Seconds until the token expires' })
  expires_in!: number;
}
