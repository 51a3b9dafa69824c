import { Module } from '@nestjs/common';
import { DispatcherAlertsController } from './dispatcher-alerts.controller.js';
import { DispatcherAlertsRepository } from './dispatcher-alerts.repository.js';
import { DispatcherAlertsService } from './dispatcher-alerts.service.js';
import { DutyRosterRepository } from './duty-roster.repository.js';
import { EscalationRouting } from './escalation-routing.js';

/** Putting drivers through to a person: who is on duty, and the alerts the team must see. */
@Module({
  controllers: [DispatcherAlertsController],
  providers: [
    DutyRosterRepository,
    EscalationRouting,
    DispatcherAlertsRepository,
    DispatcherAlertsService,
  ],
  exports: [
    DutyRosterRepository,
    EscalationRouting,
    DispatcherAlertsRepository,
    DispatcherAlertsService,
  ],
})
export class EscalationModule {}
