import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CallsModule } from './calls/calls.module.js';
import { DriversModule } from './drivers/drivers.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { ConsoleModule } from './console/console.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { AppConfigModule } from './config/config.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { ElevenLabsModule } from './elevenlabs/elevenlabs.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LiveModule } from './live/live.module.js';
import { OutcomesModule } from './outcomes/outcomes.module.js';
import { RecordingsModule } from './recordings/recordings.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { TwilioModule } from './twilio/twilio.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({
  imports: [
    AppConfigModule.forScope(),
    EventsModule,
    DatabaseModule,
    AuditModule,
    JobsModule,
    AuthModule,
    ElevenLabsModule,
    DriversModule,
    CallsModule,
    WebhooksModule,
    ConversationsModule,
    RealtimeModule,
    LiveModule,
    OutcomesModule,
    RecordingsModule,
    CampaignsModule,
    AnalyticsModule,
    TwilioModule,
    HealthModule,
    ConsoleModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class AppModule {}
