import { ApiProperty } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: 'drivers.0.phoneNumber: phoneNumber must be a valid phone number' })
  detail!: string;
}
