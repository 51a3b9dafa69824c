import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

export class OptOutChangeDto {
  @ApiProperty({
    example: true,
    description: 'true: never call this driver; false: callable again',
  })
  @IsBoolean({ message: 'opted_out must be true or false' })
  opted_out!: boolean;

  @ApiPropertyOptional({ example: 'Asked by phone not to be called', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class OptOutDto {
  @ApiProperty({ example: 'DRV_12345' }) driver_id!: string;
  @ApiProperty() opted_out!: boolean;
  @ApiProperty({ nullable: true }) reason!: string | null;
  @ApiProperty({
    enum: ['dispatcher', 'driver'],
    nullable: true,
    description: 'driver: they asked on a call (data collection); null: never changed',
  })
  source!: string | null;
  @ApiProperty({ nullable: true, description: 'Who changed it last' }) changed_by!: string | null;
  @ApiProperty({ nullable: true }) changed_at!: string | null;
}
