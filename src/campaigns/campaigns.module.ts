import { Module } from '@nestjs/common';
import { CampaignCallbacks } from './campaign-callbacks.js';
import { CallsModule } from '../calls/calls.module.js';
import { CampaignPlanner } from './campaign-planner.js';
import { CampaignScheduler } from './campaign-scheduler.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

@Module({
  imports: [CallsModule],
  controllers: [CampaignsController],
  providers: [
    CampaignsRepository,
    CampaignsService,
    CampaignPlanner,
    CampaignScheduler,
    CampaignCallbacks,
  ],
  exports: [CampaignsService, CampaignsRepository],
})
export class CampaignsModule {}
