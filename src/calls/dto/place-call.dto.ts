import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { CALL_LANGUAGES, type CallLanguage } from '../../drivers/call-language.js';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { MAX_ITEMS_PER_CALL } from '../../item-vocabulary/data-collection-ids.js';
import { DRIVER_ID_PATTERN, DRIVER_ID_RULE } from '../../drivers/driver-id.js';
import { toE164 } from '../../drivers/phone-number.js';

const NO_DRIVERS = 'No driver data provided';

function IsDialablePhoneNumber(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDialablePhoneNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a valid phone number (E.164, or a US number)`,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && toE164(value) !== null,
      },
    });
}

export class ViolationDetailDto {
  @ApiProperty({ enum: ['violation', 'reminder'], example: 'violation' })
  @IsIn(['violation', 'reminder'], { message: 'type must be "violation" or "reminder"' })
  type!: 'violation' | 'reminder';

  @ApiProperty({
    example: 'Your temp is at 45 degrees Fahrenheit but needs to be 38 degrees Fahrenheit',
    maxLength: 1000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description!: string;
}

export class ViolationsDto {
  @ApiProperty({ example: 'TRIP_78910', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  tripId!: string;

  @ApiProperty({ type: [ViolationDetailDto], minItems: 1, maxItems: MAX_ITEMS_PER_CALL })
  @IsArray()
  @ArrayNotEmpty({ message: 'violationDetails must contain at least one violation or reminder' })
  @ArrayMaxSize(MAX_ITEMS_PER_CALL, {
    message: `violationDetails must contain at most ${MAX_ITEMS_PER_CALL} violations and reminders per call`,
  })
  @ValidateNested({ each: true })
  @Type(() => ViolationDetailDto)
  violationDetails!: ViolationDetailDto[];
}

export class DriverDataDto {
  @ApiProperty({ example: 'DRV_12345', maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' })
  @IsString()
  @Matches(DRIVER_ID_PATTERN, { message: `driverId must be ${DRIVER_ID_RULE}` })
  driverId!: string;

  @ApiProperty({ example: 'John Smith', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  driverName!: string;

  @ApiProperty({
    example: '+12192002824',
    description: 'Any common format; normalised to E.164 (US by default)',
  })
  @IsString()
  @MaxLength(40)
  @IsDialablePhoneNumber()
  phoneNumber!: string;

  @ApiPropertyOptional({ example: 'Be extra polite, driver is stressed', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  customRules?: string;

  @ApiPropertyOptional({
    enum: CALL_LANGUAGES,
    example: 'es',
    description:
      "The language to call in; absent: the driver's language on record, else en. Given, it becomes the driver's language",
  })
  @IsOptional()
  @IsIn(CALL_LANGUAGES, { message: 'language must be en or es' })
  language?: CallLanguage;

  @ApiProperty({ type: ViolationsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ViolationsDto)
  violations!: ViolationsDto;
}

export class PlaceCallDto {
  @ApiProperty({ example: 'violation', maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  callType!: string;

  @ApiProperty({
    example: '2025-11-21T15:30:00Z',
    description:
      'ISO 8601; with driverId it identifies the call, so a retry with the same pair never dials twice',
  })
  @IsString()
  @IsISO8601({ strict: true }, { message: 'timestamp must be an ISO 8601 date-time' })
  @MaxLength(64)
  timestamp!: string;

  @ApiProperty({ type: [DriverDataDto], description: 'Only the first driver is called' })
  @IsDefined({ message: NO_DRIVERS })
  @IsArray({ message: NO_DRIVERS })
  @ArrayNotEmpty({ message: NO_DRIVERS })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DriverDataDto)
  drivers!: DriverDataDto[];
}

export class CalledDriverDto {
  @ApiProperty({ example: 'DRV_12345' })
  driverId!: string;

  @ApiProperty({ example: 'John Smith' })
  driverName!: string;

  @ApiProperty({ example: '+12192002824', description: 'E.164' })
  phoneNumber!: string;
}

export class PlaceCallResponseDto {
  @ApiProperty({ example: 'Call initiated successfully via ElevenLabs' })
  message!: string;

  @ApiProperty({ example: '2025-11-21T15:30:00Z' })
  timestamp!: string;

  @ApiProperty({ type: CalledDriverDto })
  driver!: CalledDriverDto;

  @ApiProperty({
    example: 'EL_DRV_12345_2025-11-21T15:30:00Z',
    description: 'Our call identifier; subscribe with it',
  })
  call_sid!: string;

  @ApiProperty({ example: 'conv_1901kaj4pr1penza6bbkscg6hgkc', nullable: true })
  conversation_id!: string | null;

  @ApiProperty({
    example: 'CA4746caaf456d7c2db1574b7d1f211f6a',
    nullable: true,
    description: "Twilio's call SID",
  })
  callSid!: string | null;

  @ApiProperty({ example: 2, description: 'Number of violations and reminders discussed' })
  triggers_count!: number;
}
