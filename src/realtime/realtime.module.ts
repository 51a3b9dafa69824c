import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CallsModule } from '../calls/calls.module.js';
import { EscalationModule } from '../escalation/escalation.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { CallFeeds } from './call-feeds.js';
import { TeamFeed } from './team-feed.js';
import { CampaignFeeds } from './campaign-feeds.js';
import { EventRelay } from './event-relay.js';
import { SocketRegistry } from './socket-registry.js';
import { TranscriptionsGateway } from './transcriptions.gateway.js';

@Module({
  imports: [AuthModule, CallsModule, CampaignsModule, EscalationModule],
  providers: [
    CallFeeds,
    CampaignFeeds,
    TeamFeed,
    SocketRegistry,
    EventRelay,
    TranscriptionsGateway,
  ],
})
export class RealtimeModule {}
