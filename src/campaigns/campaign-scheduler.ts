import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { systemActor } from '../audit/actor.js';
import { CallPlacementService } from '../calls/placement/call-placement.service.js';
import { CallsException } from '../calls/calls.exception.js';
import { DriversException } from '../drivers/drivers.exception.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import {
  CALL_STATUS_CHANGED,
  CAMPAIGN_PROGRESS,
  type CallStatusChangedEvent,
} from '../events/domain-events.js';
import { EventBus } from '../events/event-bus.js';
import { JobQueue } from '../jobs/job-queue.js';
import { jobIdFor } from '../jobs/job-id.js';
import { unclaim, waitFor } from './attempt-settlement.js';
import { campaignProgress } from './campaign-views.js';
import { CampaignPlanner, type Capacity, type Claim, NO_CAPACITY } from './campaign-planner.js';
import { CampaignsRepository } from './campaigns.repository.js';

export const CAMPAIGN_TICK_JOB = 'campaign-tick';
export const CAMPAIGN_SWEEP_JOB = 'campaign-sweep';
/** The driver is on another call (Part 1, another campaign): look again this much later. */
const ON_ANOTHER_CALL_WAIT_MS = 30_000;

/** A pass running on this instance, and whether another was asked for meanwhile. */
interface RunningPass {
  again: boolean;
  done: Promise<Capacity>;
}

/**
 * Calls campaigns' drivers, one pass over a campaign at a time ({@link CampaignPlanner}), then
 * dials what the pass claimed. A call's end runs its campaign's pass at once on the instance
 * that learnt of it, and a call the campaign cannot use goes to the campaigns owed one; passes on
 * the job queue (`campaign-tick`) cover a campaign's start and resumption, the next retry or
 * window opening, and a sweep (`campaign-sweep`) catches whatever a crashed instance left.
 */
@Injectable()
export class CampaignScheduler implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Campaigns');
  private readonly running = new Map<number, RunningPass>();
  private stopping = false;

  constructor(
    private readonly planner: CampaignPlanner,
    private readonly campaigns: CampaignsRepository,
    private readonly placement: CallPlacementService,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly events: EventBus,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ campaignId: number }>({
      name: CAMPAIGN_TICK_JOB,
      localConcurrency: 2,
      queue: { retryLimit: 5, retryDelay: 2, expireInSeconds: 300, deleteAfterSeconds: 3600 },
      handle: async ({ campaignId }) => {
        await this.pass(campaignId);
      },
    });
    this.jobs.define({
      name: CAMPAIGN_SWEEP_JOB,
      everySeconds: this.config.campaigns.sweepSeconds,
      queue: { retryLimit: 0, expireInSeconds: 60, deleteAfterSeconds: 3600 },
      handle: () => this.sweep(),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()].map((pass) => pass.done));
  }

  @OnEvent(CALL_STATUS_CHANGED)
  onCallStatus(event: CallStatusChangedEvent): void {
    if (event.status.status === 'in_progress' || this.stopping) return;
    void this.refill(event.campaignId ?? null);
  }

  /** A pass soon, on any instance: at most one a second per campaign, later requests fold in. */
  async wake(campaignId: number): Promise<void> {
    await this.jobs.send(
      CAMPAIGN_TICK_JOB,
      { campaignId },
      { singletonKey: `campaign:${campaignId}`, singletonSeconds: 1, singletonNextSlot: true },
    );
  }

  /**
   * A pass now on this instance, not waited for (a campaign started, resumed, or a driver
   * reached by their callback); should it fail, the job queue takes the pass over.
   */
  passSoon(campaignId: number): void {
    if (this.stopping) return;
    this.pass(campaignId).catch((error: Error) => this.passFailed(campaignId, error));
  }

  /** Queues a pass for every campaign with a call to settle or a driver due. */
  async sweep(): Promise<void> {
    for (const id of await this.campaigns.needingAttention()) await this.wake(id);
  }

  /**
   * A pass over the campaign now, on this instance; one at a time per campaign here (the row
   * lock orders them across instances), a request during one running it once more after.
   */
  pass(campaignId: number): Promise<Capacity> {
    const current = this.running.get(campaignId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry: RunningPass = { again: true, done: Promise.resolve(NO_CAPACITY) };
    entry.done = (async () => {
      try {
        let capacity = NO_CAPACITY;
        while (entry.again && !this.stopping) {
          entry.again = false;
          capacity = await this.tick(campaignId);
        }
        return capacity;
      } finally {
        this.running.delete(campaignId);
      }
    })();
    this.running.set(campaignId, entry);
    return entry.done;
  }

  /**
   * A call ended (`campaignId` null: not a campaign's): its campaign's pass, then the calls it
   * left free to the campaigns owed them. Should this fail, the job queue takes the pass over.
   */
  private async refill(campaignId: number | null): Promise<void> {
    try {
      const ended =
        campaignId === null
          ? await this.transactions.run((tx) => this.planner.capacity(tx))
          : await this.pass(campaignId);
      let free = ended.free;
      for (const id of ended.owed) {
        if (free <= 0 || this.stopping) break;
        ({ free } = await this.pass(id));
      }
    } catch (error) {
      if (campaignId !== null) await this.passFailed(campaignId, error as Error);
      else this.logger.warn(`Sharing out a freed call failed: ${(error as Error).message}`);
    }
  }

  private async passFailed(campaignId: number, error: Error): Promise<void> {
    this.logger.warn(`A pass of campaign ${campaignId} failed: ${error.message}; queued instead`);
    await this.wake(campaignId).catch((queued: Error) =>
      this.logger.warn(`Could not queue a pass of campaign ${campaignId}: ${queued.message}`),
    );
  }

  private async tick(campaignId: number): Promise<Capacity> {
    const planned = await this.transactions.run((tx) => this.planner.plan(tx, campaignId));
    if (!planned) return NO_CAPACITY;
    const pass = await this.planner.outcome(planned);
    if (pass.progress) this.events.emit(CAMPAIGN_PROGRESS, { message: pass.progress });
    await Promise.all(pass.claims.map((claim) => this.dial(claim)));
    if (pass.nextDue && pass.nextDue.getTime() > Date.now()) {
      await this.jobs.send(
        CAMPAIGN_TICK_JOB,
        { campaignId },
        { id: jobIdFor(`${campaignId}@${pass.nextDue.toISOString()}`), startAfter: pass.nextDue },
      );
    }
    return pass.capacity;
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
      unclaim(driver);
      if (reason === 'DRIVER_OPTED_OUT') {
        driver.state = 'skipped';
        driver.skipReason = 'opted_out';
      } else {
        driver.state = campaign.status === 'cancelled' ? 'cancelled' : 'pending';
        driver.lastFailure = 'on another call';
        waitFor(
          driver,
          this.planner.dialHours(campaign),
          new Date(Date.now() + ON_ANOTHER_CALL_WAIT_MS),
          'on another call',
        );
      }
      await this.campaigns.saveDriver(tx, driver);
      const counts = await this.campaigns.countsFor(campaignId, tx);
      return campaignProgress(campaign, counts);
    });
    if (progress) this.events.emit(CAMPAIGN_PROGRESS, { message: progress });
    // Inside the pass that dialled: a pass on the queue (not this instance's, which is running).
    await this.wake(campaignId);
  }
}
