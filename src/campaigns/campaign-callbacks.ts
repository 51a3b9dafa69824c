import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { TransactionRunner } from '../database/transaction-runner.js';
import {
  CALLBACK_RECEIVED,
  CAMPAIGN_PROGRESS,
  type CallbackReceivedEvent,
} from '../events/domain-events.js';
import { EventBus } from '../events/event-bus.js';
import { CampaignScheduler } from './campaign-scheduler.js';
import { campaignProgress } from './campaign-views.js';
import { CampaignsRepository } from './campaigns.repository.js';
import type { CampaignDriver } from './entities/campaign-driver.entity.js';

/** A campaign driver reached by their own call to the agent: completed, nothing more dialled. */
export function completeByCallback(driver: CampaignDriver, callbackSid: string): void {
  driver.state = 'completed';
  driver.nextAttemptAt = null;
  driver.waitingReason = null;
  driver.lastFailure = null;
  if (!driver.callSids.includes(callbackSid)) driver.callSids = [...driver.callSids, callbackSid];
  driver.completionNote = `The driver called back (${callbackSid})`;
}

/**
 * A driver who phones the agent back has been reached: every campaign still retrying them (a
 * retry pending after voicemail, no answer or a busy line) completes them and dials no more.
 */
@Injectable()
export class CampaignCallbacks {
  private readonly logger = new Logger('Campaigns');

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly transactions: TransactionRunner,
    private readonly scheduler: CampaignScheduler,
    private readonly events: EventBus,
  ) {}

  @OnEvent(CALLBACK_RECEIVED)
  onCallback(event: CallbackReceivedEvent): void {
    if (!event.driverId) return;
    this.complete(event.driverId, event.callSid).catch((error: Error) =>
      this.logger.warn(`Callback ${event.callSid} not applied to campaigns: ${error.message}`),
    );
  }

  async complete(driverId: string, callbackSid: string): Promise<void> {
    for (const campaignId of await this.campaigns.campaignsRetrying(driverId)) {
      const progress = await this.transactions.run(async (tx) => {
        const campaign = await this.campaigns.lock(tx, campaignId);
        const driver = await this.campaigns.findDriver(tx, campaignId, driverId);
        if (!campaign || !driver || driver.state !== 'pending') return null;
        completeByCallback(driver, callbackSid);
        await this.campaigns.saveDriver(tx, driver);
        return campaignProgress(campaign, await this.campaigns.countsFor(campaignId, tx));
      });
      if (!progress) continue;
      this.logger.log(`Campaign ${progress.campaign_id}: ${driverId} reached by callback`);
      this.events.emit(CAMPAIGN_PROGRESS, { message: progress });
      this.scheduler.passSoon(campaignId);
    }
  }
}
