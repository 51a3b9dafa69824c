import { AuditEntry } from '../audit/audit-entry.entity.js';
import { User } from '../auth/user.entity.js';
import { CampaignDriver } from '../campaigns/entities/campaign-driver.entity.js';
import { Campaign } from '../campaigns/entities/campaign.entity.js';
import { CallItem } from '../calls/items/call-item.entity.js';
import { CallTranscription } from '../calls/transcript/call-transcription.entity.js';
import { Call } from '../calls/record/call.entity.js';
import { DriverOptOut } from '../drivers/entities/driver-opt-out.entity.js';
import { Driver } from '../drivers/entities/driver.entity.js';
import { DispatcherAlert } from '../escalation/dispatcher-alert.entity.js';
import { WebhookEvent } from '../webhooks/entities/webhook-event.entity.js';

export const ENTITIES = [
  User,
  Driver,
  DriverOptOut,
  Call,
  CallItem,
  CallTranscription,
  WebhookEvent,
  Campaign,
  CampaignDriver,
  AuditEntry,
  DispatcherAlert,
];
