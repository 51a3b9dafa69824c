import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { RequestActor } from '../audit/request-actor.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { OptOutChangeDto, OptOutDto } from './dto/opt-out.dto.js';
import { OptOutService } from './opt-out.service.js';

@ApiTags('drivers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('drivers')
export class OptOutController {
  constructor(private readonly optOuts: OptOutService) {}

  @Get(':driver_id/opt-out')
  @ApiOperation({ summary: 'Whether the driver may be called' })
  @ApiOkResponse({ type: OptOutDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  get(@Param('driver_id') driverId: string): Promise<OptOutDto> {
    return this.optOuts.get(driverId);
  }

  @Put(':driver_id/opt-out')
  @ApiOperation({
    summary: 'Opt a driver out of calls (or back in)',
    description:
      'An opted-out driver is refused by Part 1 (409) and skipped by campaigns. A driver who asks on a call not to be called again (data collection `driver_opt_out`) is opted out automatically.',
  })
  @ApiOkResponse({ type: OptOutDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Only admins may make an opted-out driver callable again',
  })
  set(
    @Param('driver_id') driverId: string,
    @Body() body: OptOutChangeDto,
    @RequestActor() actor: Actor,
  ): Promise<OptOutDto> {
    return this.optOuts.set(driverId, body, actor);
  }
}
