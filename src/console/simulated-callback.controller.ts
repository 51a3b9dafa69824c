import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { SimulatedCallbackDto, SimulatedCallbackRequestDto } from './dto/simulated-callback.dto.js';
import { SimulatedCallbackService } from './simulated-callback.service.js';

@ApiTags('console')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('console')
export class SimulatedCallbackController {
  constructor(private readonly callbacks: SimulatedCallbackService) {}

  @Post('simulated-callbacks')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Simulator only: phone the agent from a number, as a driver calling back would',
    description:
      'The built-in simulator asks the conversation-initiation webhook and plays the conversation it answers. 404 with a real ElevenLabs account.',
  })
  @ApiOkResponse({ type: SimulatedCallbackDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'The simulator already plays 20 callbacks',
  })
  call(@Body() body: SimulatedCallbackRequestDto): Promise<SimulatedCallbackDto> {
    return this.callbacks.call(body.from);
  }
}
