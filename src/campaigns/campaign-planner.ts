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
/** How often the campaigns that get what does not divide evenly change (see fairShares). */
const ROTATION_MS = 10_000;

/** The same on every instance at the same moment: from the clock. */
const rotation = (now: number) => Math.floor(now / ROTATION_MS);

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

/** What a pass's transaction did. */
export interface Planned {
  campaign: Campaign;
  claims: Claim[];
  changed: boolean;
  capacity: Capacity;
}

export interface Pass extends Planned {
  progress: CampaignProgressMessage | null;
  nextDue: Date | null;
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

  /**
   * The pass's transaction. What it reports besides its claims (the counts, the next due time)
   * is read after the commit ({@link outcome}), so the dial lock is held for the claims alone.
   */
  async plan(tx: Transaction, id: number): Promise<Planned | null> {
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
      const { live, demands } = await this.campaigns.capacity(
        tx,
        this.config.calls.maxDurationSeconds,
      );
      const available = this.available();
      const shares = fairShares(available, demands, rotation(now.getTime()));
      const onCall = demands.find((demand) => demand.id === id)?.onCall ?? 0;
      const free = Math.min((shares.get(id) ?? 0) - onCall, available - live);
      const claimed = await this.claimDue(tx, campaign, Math.max(free, 0), now);
      claims.push(...claimed.claims);
      changed ||= claimed.changed;
      capacity = capacityOf(available - live - claimed.claims.length, demands, shares, id);
      if (claims.length === 0 && !(await this.campaigns.hasOpenDrivers(tx, id))) {
        await this.campaigns.setStatus(tx, campaign, 'completed');
        this.logger.log(`Campaign ${campaign.campaignId} completed`);
        changed = true;
      }
    }
    return { campaign, claims, changed, capacity };
  }

  /** After the pass committed: the progress to tell subscribers, and when to look again. */
  async outcome(planned: Planned): Promise<Pass> {
    const { campaign } = planned;
    const progress = planned.changed
      ? campaignProgress(campaign, await this.campaigns.countsFor(campaign.id))
      : null;
    const nextDue =
      campaign.status === 'running' ? await this.campaigns.nextDue(campaign.id) : null;
    return { ...planned, progress, nextDue };
  }

  /** The campaigns' calls now, read without the dial lock (a call outside any campaign ended). */
  async capacity(tx: Transaction): Promise<Capacity> {
    const { live, demands } = await this.campaigns.capacity(
      tx,
      this.config.calls.maxDurationSeconds,
    );
    if (demands.length === 0) return NO_CAPACITY;
    const available = this.available();
    const shares = fairShares(available, demands, rotation(Date.now()));
    return capacityOf(available - live, demands, shares, null);
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
    // As many as are free first (usually one); more at a time once some could not be claimed.
    let batch = Math.min(DUE_BATCH, free);
    while (claims.length < free) {
      const due = await this.campaigns.due(tx, campaign.id, batch);
      const optedOut = await this.optOuts.optedOutAmong(
        due.map((driver) => ({
          driverId: driver.driverId,
          phoneNumber: driver.driver.phoneNumber,
        })),
        tx,
      );
      for (const driver of due) {
        if (claims.length >= free) break;
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
      batch = DUE_BATCH;
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
