import { windowOf } from './calling-window.js';
import type { CampaignProgressMessage } from '../events/realtime-messages.js';
import type { CampaignCounts } from './campaigns.repository.js';
import type {
  CampaignDriverStateDto,
  CampaignListItemDto,
  CampaignSummaryDto,
} from './dto/campaign.dto.js';
import type { CampaignDriver } from './entities/campaign-driver.entity.js';
import type { Campaign } from './entities/campaign.entity.js';

export function campaignSummary(campaign: Campaign, counts: CampaignCounts): CampaignSummaryDto {
  return {
    campaign_id: campaign.campaignId,
    name: campaign.name,
    status: campaign.status,
    counts,
    created_at: campaign.createdAt.toISOString(),
  };
}

export function campaignListItem(campaign: Campaign, counts: CampaignCounts): CampaignListItemDto {
  return {
    ...campaignSummary(campaign, counts),
    call_type: campaign.callType,
    timezone: campaign.timezone,
    calling_window: windowOf(campaign),
    concurrency: campaign.concurrency,
    retry: { max_attempts: campaign.maxAttempts, delay_seconds: campaign.retryDelaySeconds },
    created_by: campaign.createdBy,
    updated_at: campaign.updatedAt.toISOString(),
    finished_at: campaign.finishedAt?.toISOString() ?? null,
  };
}

/** `items`: the latest call's items, and how many of them an outcome settled. */
export function campaignDriverState(
  driver: CampaignDriver,
  items: { total: number; settled: number } | null = null,
): CampaignDriverStateDto {
  return {
    driver_id: driver.driverId,
    driver_name: driver.driver.driverName,
    timezone: driver.timezone,
    state: driver.state,
    attempts: driver.attempts,
    call_sids: driver.callSids,
    next_attempt_at:
      driver.state === 'pending' ? (driver.nextAttemptAt?.toISOString() ?? null) : null,
    skip_reason: driver.skipReason,
    last_failure: driver.lastFailure,
    waiting_reason: driver.state === 'pending' ? driver.waitingReason : null,
    completion_note: driver.completionNote,
    items,
  };
}

export function campaignProgress(
  campaign: Campaign,
  counts: CampaignCounts,
): CampaignProgressMessage {
  return {
    type: 'campaign_progress',
    campaign_id: campaign.campaignId,
    status: campaign.status,
    counts,
  };
}
