import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { systemActor } from '../audit/actor.js';
import { CallPlacementService } from '../calls/placement/call-placement.service.js';
import { CallsException } from '../calls/calls.exception.js';
import { callSidFor } from '../calls/placement/call-attempt.js';
import { DriversException } from '../drivers/drivers.exception.js';
import { type CallOutcome, CallsRepository } from '../calls/record/calls.repository.js';
import { DriverOptOutsRepository } from '../drivers/driver-opt-outs.repository.js';
import { CallStatus } from '../calls/record/call-status.js';
import { AppConfig } from '../config/app-config.js';
import { AdvisoryLockRepository } from '../database/advisory-lock.repository.js';
import type { Transaction } from '../database/transaction.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import {
  CALL_STATUS_CHANGED,
  CAMPAIGN_PROGRESS,
  type CallStatusChangedEvent,
} from '../events/domain-events.js';
import { EventBus } from '../events/event-bus.js';
import type { CampaignProgressMessage } from '../events/realtime-messages.js';
import { JobQueue } from '../jobs/job-queue.js';
import { campaignProgress } from './campaign-views.js';
import { windowOf } from './calling-window.js';
import { DialHours } from './dial-hours.js';
import { completeByCallback } from './campaign-callbacks.js';
import { CampaignsRepository } from './campaigns.repository.js';
import type { CampaignDriver } from './entities/campaign-driver.entity.js';
import type { Campaign } from './entities/campaign.entity.js';
import { jobIdFor } from '../jobs/job-id.js';

export const CAMPAIGN_TICK_JOB = 'campaign-tick';
export const CAMPAIGN_SWEEP_JOB = 'campaign-sweep';
/** Any number: serialises the service-wide count of live calls among PostgreSQL advisory locks. */
const SERVICE_DIAL_LOCK = 7_150_420_003;
/** ElevenLabs refused for its concurrency limit: try again this much later (not an attempt). */
const AT_CAPACITY_WAIT_MS = 15_000;
/** The driver is on another call (Part 1, another campaign): look again this much later. */
const ON_ANOTHER_CALL_WAIT_MS = 30_000;
const DUE_BATCH = 100;
/** A driver who keeps asking to be called later: from this many call-backs on, a call counts. */
const MAX_CALL_BACKS = 3;

/** Puts a driver off until the first moment from `earliest` the campaign may dial them, saying why. */
function waitFor(driver: CampaignDriver, hours: DialHours, earliest: Date, why?: string): void {
  driver.nextAttemptAt = hours.next(earliest, driver.timezone);
  driver.waitingReason = hours.reasonToWait(earliest, driver.timezone) ?? why ?? null;
}

interface Claim {
  campaign: Campaign;
  driver: CampaignDriver;
  callSid: string;
  requestedAt: string;
}

interface Pass {
  claims: Claim[];
  progress: CampaignProgressMessage | null;
  nextDue: Date | null;
}

/**
 * Calls campaigns' drivers. All of it runs as jobs on the service's queue: a pass over one
 * campaign (`campaign-tick`) settles the attempts whose calls ended, then, under the campaign's
 * row lock and a service-wide advisory lock, claims due drivers inside their calling window up to
 * the campaign's concurrency and the plan's limit, commits, and dials them. Passes are asked for
 * when a campaign starts or resumes, when one of its calls ends, at the next retry or window
 * opening, and by a sweep (`campaign-sweep`) that catches whatever a crashed instance left.
 */
@Injectable()
export class CampaignScheduler implements OnModuleInit {
  private readonly logger = new Logger('Campaigns');

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly calls: CallsRepository,
    private readonly optOuts: DriverOptOutsRepository,
    private readonly placement: CallPlacementService,
    private readonly transactions: TransactionRunner,
    private readonly locks: AdvisoryLockRepository,
    private readonly jobs: JobQueue,
    private readonly events: EventBus,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ campaignId: number }>({
      name: CAMPAIGN_TICK_JOB,
      localConcurrency: 2,
      queue: { retryLimit: 5, retryDelay: 2, expireInSeconds: 300, deleteAfterSeconds: 3600 },
      handle: ({ campaignId }) => this.tick(campaignId),
    });
    this.jobs.define({
      name: CAMPAIGN_SWEEP_JOB,
      everySeconds: this.config.campaigns.sweepSeconds,
      queue: { retryLimit: 0, expireInSeconds: 60, deleteAfterSeconds: 3600 },
      handle: () => this.sweep(),
    });
  }

  @OnEvent(CALL_STATUS_CHANGED)
  onCallStatus(event: CallStatusChangedEvent): void {
    if (!event.campaignId || event.status.status === 'in_progress') return;
    this.wake(event.campaignId).catch((error: Error) =>
      this.logger.warn(`Could not queue a pass of campaign ${event.campaignId}: ${error.message}`),
    );
  }

  /** A pass soon: at most one a second per campaign, later requests fold into the next. */
  async wake(campaignId: number): Promise<void> {
    await this.jobs.send(
      CAMPAIGN_TICK_JOB,
      { campaignId },
      { singletonKey: `campaign:${campaignId}`, singletonSeconds: 1, singletonNextSlot: true },
    );
  }

  /** Queues a pass for every campaign with a call to settle or a driver due. */
  async sweep(): Promise<void> {
    for (const id of await this.campaigns.needingAttention()) await this.wake(id);
  }

  async tick(campaignId: number): Promise<void> {
    const pass = await this.transactions.run((tx) => this.plan(tx, campaignId));
    if (!pass) return;
    if (pass.progress) this.events.emit(CAMPAIGN_PROGRESS, { message: pass.progress });
    await Promise.all(pass.claims.map((claim) => this.dial(claim)));
    if (pass.nextDue && pass.nextDue.getTime() > Date.now()) {
      await this.jobs.send(
        CAMPAIGN_TICK_JOB,
        { campaignId },
        { id: jobIdFor(`${campaignId}@${pass.nextDue.toISOString()}`), startAfter: pass.nextDue },
      );
    }
  }

  private async plan(tx: Transaction, id: number): Promise<Pass | null> {
    const campaign = await this.campaigns.lock(tx, id);
    if (!campaign) return null;
    const now = new Date();
    const claims: Claim[] = [];
    let changed = false;
    let onCall = 0;
    const drivers = await this.campaigns.onCall(tx, id);
    const calls = await this.calls.outcomesOf(
      tx,
      drivers.flatMap((driver) => driver.callSids.slice(-1)),
    );
    for (const driver of drivers) {
      const outcome = this.settle(campaign, driver, calls.get(driver.callSids.at(-1) ?? ''), now);
      if (outcome === 'redial') claims.push(this.claimOf(campaign, driver));
      if (outcome !== 'unchanged') {
        await this.campaigns.saveDriver(tx, driver);
        changed = true;
      }
      if (driver.state === 'in_progress') onCall += 1;
    }
    if (campaign.status === 'running') {
      await this.locks.lockUntilCommit(tx, SERVICE_DIAL_LOCK);
      const live = await this.campaigns.liveCalls(tx, this.config.calls.maxDurationSeconds);
      const free = Math.min(
        campaign.concurrency - onCall,
        this.config.campaigns.maxConcurrentCalls -
          this.config.campaigns.reservedInboundCalls -
          live,
      );
      const claimed = await this.claimDue(tx, campaign, Math.max(free, 0), now);
      claims.push(...claimed.claims);
      changed ||= claimed.changed;
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
    };
  }

  /** What became of a driver's current attempt; `redial`: it was claimed but never dialled. */
  private settle(
    campaign: Campaign,
    driver: CampaignDriver,
    call: CallOutcome | undefined,
    now: Date,
  ): 'unchanged' | 'changed' | 'redial' {
    const hours = this.dialHours(campaign);
    const later = (ms: number) => waitFor(driver, hours, new Date(now.getTime() + ms));
    if (!call) {
      // The claim committed but no call record came: the instance died before dialling.
      const lease = this.config.elevenLabs.timeoutMs * 3 + 10_000;
      if (!driver.claimedAt || now.getTime() - driver.claimedAt.getTime() < lease)
        return 'unchanged';
      if (campaign.status === 'running' && hours.allows(now, driver.timezone)) {
        driver.claimedAt = now;
        return 'redial';
      }
      this.unclaim(driver);
      driver.state = campaign.status === 'cancelled' ? 'cancelled' : 'pending';
      later(0);
      return 'changed';
    }
    if (call.status === CallStatus.IN_PROGRESS) return 'unchanged';
    if (call.notReached && call.callbackSid) {
      completeByCallback(driver, call.callbackSid); // they phoned back before this pass
      return 'changed';
    }
    if (call.callBackAt && driver.callSids.length - driver.attempts < MAX_CALL_BACKS) {
      // Asked to be called later (driving, busy): no failed attempt; called back when asked.
      this.unclaimCallBack(driver);
      driver.state = campaign.status === 'cancelled' ? 'cancelled' : 'pending';
      driver.lastFailure = null;
      const askedFor = new Date(Math.max(call.callBackAt.getTime(), now.getTime()));
      waitFor(
        driver,
        hours,
        askedFor,
        `the driver asked to be called back at ${call.callBackAt.toISOString()}`,
      );
      return 'changed';
    }
    if (!call.notReached) {
      driver.state = 'completed';
      driver.lastFailure = null;
      return 'changed';
    }
    if (call.notReached === 'rate-limited') {
      this.unclaim(driver);
      driver.state = campaign.status === 'cancelled' ? 'cancelled' : 'pending';
      later(AT_CAPACITY_WAIT_MS);
      driver.lastFailure = 'rate-limited: ElevenLabs was at its concurrency limit';
      return 'changed';
    }
    driver.lastFailure =
      call.notReached === 'dial-error'
        ? `dial-error: ${call.failureReason ?? 'unknown'}`
        : call.notReached;
    if (campaign.status === 'cancelled') driver.state = 'cancelled';
    else if (driver.attempts >= campaign.maxAttempts) driver.state = 'failed';
    else {
      driver.state = 'pending';
      later(campaign.retryDelaySeconds * 1000);
    }
    return 'changed';
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
      const due = await this.campaigns.due(tx, campaign.id, DUE_BATCH);
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
          claims.push(this.claimOf(campaign, driver));
        }
        await this.campaigns.saveDriver(tx, driver);
        changed = true;
      }
      if (due.length < DUE_BATCH) break;
    }
    return { claims, changed };
  }

  private claimOf(campaign: Campaign, driver: CampaignDriver): Claim {
    return {
      campaign,
      driver,
      callSid: driver.callSids.at(-1)!,
      requestedAt: driver.attemptRequestedAt!,
    };
  }

  /** A call the driver asked to have later stays on record but counts as no attempt. */
  private unclaimCallBack(driver: CampaignDriver): void {
    driver.attempts = Math.max(0, driver.attempts - 1);
    driver.attemptRequestedAt = null;
    driver.claimedAt = null;
  }

  private dialHours(campaign: Campaign): DialHours {
    return new DialHours(windowOf(campaign), this.config.compliance.quietHours);
  }

  /** Takes back an attempt that never rang: it does not count. */
  private unclaim(driver: CampaignDriver): void {
    driver.callSids = driver.callSids.slice(0, -1);
    driver.attemptRequestedAt = null;
    driver.attempts = Math.max(0, driver.attempts - 1);
    driver.claimedAt = null;
  }

  /** The attempt as the claim made it (so a retried dial is the same call). */
  private async dial({ campaign, driver, callSid, requestedAt }: Claim): Promise<void> {
    const data = driver.driver;
    try {
      await this.placement.place(
        {
          driver: {
            driverId: driver.driverId,
            driverName: data.driverName,
            phoneNumber: data.phoneNumber,
            language: data.language,
          },
          tripId: data.tripId,
          items: data.violationDetails,
          callType: campaign.callType,
          customRules: data.customRules ?? null,
          requestedAt,
          origin: { kind: 'campaign', campaignId: campaign.id, publicId: campaign.campaignId },
        },
        // The scheduler dials on behalf of the campaign's creator (actor_id, calls.initiated_by).
        { ...systemActor('campaign-scheduler'), id: campaign.createdBy },
      );
    } catch (error) {
      if (
        (error instanceof CallsException && error.code === 'DRIVER_BUSY') ||
        (error instanceof DriversException && error.code === 'DRIVER_OPTED_OUT')
      ) {
        await this.release(campaign.id, driver.driverId, callSid, error.code);
      } else if (!(error instanceof CallsException)) {
        this.logger.warn(`Dialling ${callSid} failed: ${(error as Error).message}`);
      }
      // A dial ElevenLabs refused is a FAILED call: its status event brings the next pass.
    }
  }

  /** The dial was refused before any call record: the driver is skipped or waits. */
  private async release(
    campaignId: number,
    driverId: string,
    callSid: string,
    reason: 'DRIVER_BUSY' | 'DRIVER_OPTED_OUT',
  ): Promise<void> {
    const progress = await this.transactions.run(async (tx) => {
      const campaign = await this.campaigns.lock(tx, campaignId);
      const driver = await this.campaigns.findDriver(tx, campaignId, driverId);
      if (
        !campaign ||
        !driver ||
        driver.state !== 'in_progress' ||
        driver.callSids.at(-1) !== callSid
      )
        return null;
      this.unclaim(driver);
      if (reason === 'DRIVER_OPTED_OUT') {
        driver.state = 'skipped';
        driver.skipReason = 'opted_out';
      } else {
        driver.state = campaign.status === 'cancelled' ? 'cancelled' : 'pending';
        driver.lastFailure = 'on another call';
        waitFor(
          driver,
          this.dialHours(campaign),
          new Date(Date.now() + ON_ANOTHER_CALL_WAIT_MS),
          'on another call',
        );
      }
      await this.campaigns.saveDriver(tx, driver);
      const counts = await this.campaigns.countsFor(campaignId, tx);
      return campaignProgress(campaign, counts);
    });
    if (progress) this.events.emit(CAMPAIGN_PROGRESS, { message: progress });
    await this.wake(campaignId);
  }
}
