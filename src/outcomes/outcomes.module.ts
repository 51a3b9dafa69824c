import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { OutcomesController } from './outcomes.controller.js';
import { FollowUpsService } from './follow-ups.service.js';
import { ItemOutcomeToolController } from './item-outcome-tool.controller.js';
import { ItemOutcomesService } from './item-outcomes.service.js';
import { ToolSecretGuard } from '../common/tool-secret.guard.js';

/** What the driver committed to, per violation and reminder: recorded live, after the call, or by a dispatcher. */
@Module({
  imports: [CallsModule],
  controllers: [ItemOutcomeToolController, OutcomesController],
  providers: [ItemOutcomesService, FollowUpsService, ToolSecretGuard],
})
export class OutcomesModule {}
