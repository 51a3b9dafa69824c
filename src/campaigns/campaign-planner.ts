import { Injectable, Logger } from '@nestjs/common';
import { callSidFor } from '../calls/placement/call-attempt.js';
import { CallsRepository } from '../calls/record/calls.repository.js';
import { AppConfig } from '../config/app-config.js';
import { AdvisoryLockRepository } from '../database/advisory-lock.repository.js';
import type { Transaction } from '../database/transaction.js';
import { DriverOptOutsRepository } from '../drivers/driver-opt-outs.repository.js';
import type { CampaignProgressMessage } from '../events/realtime-messages.js';
import { settleAttempt, waitFor } from './attempt-settlement.js';
import { windowOf } from './calling-window.js';
import { campaignProgress } from './campaign-views.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { DialHours } from './dial-hours.js';
import type { CampaignDriver } from './entities/campaign-driver.entity.js';
import type { Campaign } from './entities/campaign.entity.js';
import { type CampaignDemand, fairShares } from './fair-share.js';

/** Any number: serialises the service-wide count of live calls among PostgreSQL advisory locks. */
const SERVICE_DIAL_LOCK = 7_150_420_003;
const DUE_BATCH = 100;

/** A driver claimed for a dial: the attempt as the claim made it (a redial is the same call). */
export interface Claim {
  campaign: Campaign;
  driver: CampaignDriver;
  callSid: string;
  requestedAt: string;
}

/** The campaigns' calls after a pass: how many are free, and who is owed them, most owed first. */
export interface Capacity {
  free: number;
  owed: number[];
}

export interface Pass {
  claims: Claim[];
  progress: CampaignProgressMessage | null;
  nextDue: Date | null;
  capacity: Capacity;
}

export const NO_CAPACITY: Capacity = { free: 0, owed: [] };

/**
 * One pass over a campaign, inside the caller's transaction: under the campaign's row lock it
 * settles the attempts whose calls ended; then, under a service-wide advisory lock, it counts
 * the live calls, shares the plan's calls out among the running campaigns ({@link fairShares})
 * and claims due drivers inside their calling window up to this campaign's share.
 */
@Injectable()
export class CampaignPlanner {
  private readonly logger = new Logger('Campaigns');

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly calls: CallsRepository,
    private readonly optOuts: DriverOptOutsRepository,
    private readonly locks: AdvisoryLockRepository,
    private readonly config: AppConfig,
  ) {}

  async plan(tx: Transaction, id: number): Promise<Pass | null> {
    const campaign = await this.campaigns.lock(tx, id);
    if (!campaign) return null;
    const now = new Date();
    const claims: Claim[] = [];
    let changed = false;
    const drivers = await this.campaigns.onCall(tx, id);
    const calls = await this.calls.outcomesOf(
      tx,
      drivers.flatMap((driver) => driver.callSids.slice(-1)),
    );
    const settling = {
      campaign,
      hours: this.dialHours(campaign),
      now,
      claimLeaseMs: this.config.elevenLabs.timeoutMs * 3 + 10_000,
    };
    for (const driver of drivers) {
      const outcome = settleAttempt(settling, driver, calls.get(driver.callSids.at(-1) ?? ''));
      if (outcome === 'redial') claims.push(claimOf(campaign, driver));
      if (outcome !== 'unchanged') {
        await this.campaigns.saveDriver(tx, driver);
        changed = true;
      }
    }
    let capacity = NO_CAPACITY;
    if (campaign.status === 'running') {
      await this.locks.lockUntilCommit(tx, SERVICE_DIAL_LOCK);
      const live = await this.campaigns.liveCalls(tx, this.config.calls.maxDurationSeconds);
      const demands = await this.campaigns.demand(tx);
      const available = this.available();
      const shares = fairShares(available, demands);
      const onCall = demands.find((demand) => demand.id === id)?.onCall ?? 0;
      const free = Math.min((shares.get(id) ?? 0) - onCall, available - live);
      const claimed = await this.claimDue(tx, campaign, Math.max(free, 0), now);
      claims.push(...claimed.claims);
      changed ||= claimed.changed;
      capacity = capacityOf(available - live - claimed.claims.length, demands, shares, id);
    }
    const counts = await this.campaigns.countsFor(id, tx);
    if (campaign.status === 'running' && counts.pending === 0 && counts.in_progress === 0) {
      await this.campaigns.setStatus(tx, campaign, 'completed');
      this.logger.log(`Campaign ${campaign.campaignId} completed`);
      changed = true;
    }
    return {
      claims,
      progress: changed ? campaignProgress(campaign, counts) : null,
      nextDue: campaign.status === 'running' ? await this.campaigns.nextDue(tx, id) : null,
      capacity,
    };
  }

  /** The campaigns' calls now, read without locks (a call outside any campaign ended). */
  async capacity(tx: Transaction): Promise<Capacity> {
    const demands = await this.campaigns.demand(tx);
    if (demands.length === 0) return NO_CAPACITY;
    const live = await this.campaigns.liveCalls(tx, this.config.calls.maxDurationSeconds);
    const available = this.available();
    return capacityOf(available - live, demands, fairShares(available, demands), null);
  }

  dialHours(campaign: Campaign): DialHours {
    return new DialHours(windowOf(campaign), this.config.compliance.quietHours);
  }

  private available(): number {
    return this.config.campaigns.maxConcurrentCalls - this.config.campaigns.reservedInboundCalls;
  }

  /** Claims due drivers inside their window, up to `free`; the others wait for their opening. */
  private async claimDue(
    tx: Transaction,
    campaign: Campaign,
    free: number,
    now: Date,
  ): Promise<{ claims: Claim[]; changed: boolean }> {
    const hours = this.dialHours(campaign);
    const claims: Claim[] = [];
    let changed = false;
    while (claims.length < free) {
      const batch = Math.min(DUE_BATCH, free - claims.length);
      const due = await this.campaigns.due(tx, campaign.id, batch);
      const optedOut = await this.optOuts.optedOutAmong(
        due.map((driver) => ({
          driverId: driver.driverId,
          phoneNumber: driver.driver.phoneNumber,
        })),
        tx,
      );
      for (const driver of due) {
        if (optedOut.has(driver.driverId)) {
          driver.state = 'skipped';
          driver.skipReason = 'opted_out';
          driver.nextAttemptAt = null;
        } else if (!hours.allows(now, driver.timezone)) {
          waitFor(driver, hours, now);
        } else {
          const requestedAt = now.toISOString();
          driver.state = 'in_progress';
          driver.attempts += 1;
          driver.attemptRequestedAt = requestedAt;
          driver.callSids = [...driver.callSids, callSidFor(driver.driverId, requestedAt)];
          driver.claimedAt = now;
          driver.nextAttemptAt = null;
          driver.waitingReason = null;
          claims.push(claimOf(campaign, driver));
        }
        await this.campaigns.saveDriver(tx, driver);
        changed = true;
      }
      if (due.length < batch) break;
    }
    return { claims, changed };
  }
}

function claimOf(campaign: Campaign, driver: CampaignDriver): Claim {
  return {
    campaign,
    driver,
    callSid: driver.callSids.at(-1)!,
    requestedAt: driver.attemptRequestedAt!,
  };
}

/** Free calls, and the running campaigns below their share (not `except`), most owed first. */
function capacityOf(
  free: number,
  demands: CampaignDemand[],
  shares: Map<number, number>,
  except: number | null,
): Capacity {
  const owed = demands
    .filter((demand) => demand.id !== except && (shares.get(demand.id) ?? 0) > demand.onCall)
    .map((demand) => ({ id: demand.id, by: shares.get(demand.id)! - demand.onCall }))
    .sort((a, b) => b.by - a.by || a.id - b.id)
    .map((entry) => entry.id);
  return { free: Math.max(free, 0), owed };
}
