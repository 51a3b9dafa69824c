import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { DriversService } from './drivers.service.js';
import { DriverChangeDto, DriverDto, DriverPageDto, DriverQueryDto } from './dto/driver.dto.js';

@ApiTags('drivers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('drivers')
export class DriversController {
  constructor(private readonly drivers: DriversService) {}

  @Get()
  @ApiOperation({ summary: 'Find drivers by name, id or phone number (by name, keyset pages)' })
  @ApiOkResponse({ type: DriverPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  search(@Query() query: DriverQueryDto): Promise<DriverPageDto> {
    return this.drivers.search(query);
  }

  @Get(':driver_id')
  @ApiOperation({ summary: 'A driver with what is still open, and their last call' })
  @ApiOkResponse({ type: DriverDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('driver_id') driverId: string): Promise<DriverDto> {
    return this.drivers.get(driverId);
  }

  @Patch(':driver_id')
  @ApiOperation({ summary: 'Correct a driver’s name, number, language or time zone (audited)' })
  @ApiOkResponse({ type: DriverDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(
    @Param('driver_id') driverId: string,
    @Body() body: DriverChangeDto,
    @RequestActor() actor: Actor,
  ): Promise<DriverDto> {
    return this.drivers.update(driverId, body, actor);
  }
}
