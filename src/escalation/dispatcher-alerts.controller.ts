import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import type { DispatcherAlertView } from '../events/realtime-messages.js';
import {
  DispatcherAlertDto,
  DispatcherAlertListDto,
  DispatcherAlertQueryDto,
} from './dto/dispatcher-alert.dto.js';
import { AlertIdPipe } from './alert-id.pipe.js';
import { DispatcherAlertsService } from './dispatcher-alerts.service.js';

@ApiTags('escalation')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('dispatcher-alerts')
export class DispatcherAlertsController {
  constructor(private readonly alerts: DispatcherAlertsService) {}

  @Get()
  @ApiOperation({
    summary: 'Alerts for every dispatcher (an emergency transfer that failed), newest first',
  })
  @ApiOkResponse({ type: DispatcherAlertListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(@Query() query: DispatcherAlertQueryDto): Promise<{ alerts: DispatcherAlertView[] }> {
    return { alerts: await this.alerts.list(query.status) };
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Someone is on it: the alert leaves every console (audited)' })
  @ApiOkResponse({ type: DispatcherAlertDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  acknowledge(
    @Param('id', AlertIdPipe) id: number,
    @RequestActor() actor: Actor,
  ): Promise<DispatcherAlertView> {
    return this.alerts.acknowledge(id, actor);
  }
}
