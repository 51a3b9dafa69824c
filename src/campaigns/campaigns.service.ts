import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import type { AuditAction } from '../audit/audit-action.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { DriverOptOutsRepository } from '../drivers/driver-opt-outs.repository.js';
import { toE164 } from '../drivers/phone-number.js';
import { cursorPosition, keysetPage } from '../common/keyset-cursor.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { CAMPAIGN_PROGRESS } from '../events/domain-events.js';
import { EventBus } from '../events/event-bus.js';
import {
  campaignDriverState,
  campaignListItem,
  campaignProgress,
  campaignSummary,
} from './campaign-views.js';
import { isCampaignId, newCampaignId } from './campaign-id.js';
import { AppConfig } from '../config/app-config.js';
import { CallItemsRepository } from '../calls/items/call-items.repository.js';
import { DriversRepository } from '../drivers/drivers.repository.js';
import { windowsOverlap } from './dial-hours.js';
import { CampaignScheduler } from './campaign-scheduler.js';
import { CampaignsException } from './campaigns.exception.js';
import { CampaignsRepository, countStates } from './campaigns.repository.js';
import type {
  CampaignDto,
  CampaignPageDto,
  CampaignPreviewDto,
  CampaignSummaryDto,
} from './dto/campaign.dto.js';
import type { CreateCampaignDto } from './dto/create-campaign.dto.js';
import type { CampaignStatus, Campaign } from './entities/campaign.entity.js';

const DEFAULT_CONCURRENCY = 3;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_SECONDS = 900;

/** Creating, reading and steering campaigns; the calling itself is the scheduler's. */
type Transition = Exclude<CampaignStatus, 'completed'>;

const TRANSITION_ACTIONS: Record<Transition, AuditAction> = {
  paused: 'campaign.paused',
  running: 'campaign.resumed',
  cancelled: 'campaign.cancelled',
};

@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly optOuts: DriverOptOutsRepository,
    private readonly transactions: TransactionRunner,
    private readonly scheduler: CampaignScheduler,
    private readonly events: EventBus,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
    private readonly drivers: DriversRepository,
    private readonly items: CallItemsRepository,
  ) {}

  /** What `create` would store, checked the same way, storing nothing (`?dry_run=true`). */
  async preview(request: CreateCampaignDto): Promise<CampaignPreviewDto> {
    const optedOut = await this.validate(request);
    return {
      dry_run: true,
      name: request.name,
      call_type: request.callType,
      timezone: request.timezone,
      calling_window: request.calling_window,
      counts: {
        total: request.drivers.length,
        pending: request.drivers.length - optedOut.size,
        skipped: optedOut.size,
      },
      drivers: request.drivers.map((driver) => ({
        driver_id: driver.driverId,
        driver_name: driver.driverName,
        phone_number: toE164(driver.phoneNumber)!,
        timezone: driver.timezone ?? request.timezone,
        trip_id: driver.violations.tripId,
        items: driver.violations.violationDetails.length,
        language: driver.language ?? null,
        state: optedOut.has(driver.driverId) ? 'skipped' : 'pending',
        skip_reason: optedOut.has(driver.driverId) ? 'opted_out' : null,
      })),
    };
  }

  async create(request: CreateCampaignDto, actor: Actor): Promise<CampaignSummaryDto> {
    const optedOut = await this.validate(request);
    const { start, end } = request.calling_window;
    const campaign = await this.transactions.run(async (tx) => {
      await this.drivers.recordMany(
        tx,
        request.drivers.map((driver) => ({
          driverId: driver.driverId,
          driverName: driver.driverName,
          phoneNumber: toE164(driver.phoneNumber)!,
          timezone: driver.timezone ?? null,
          language: driver.language ?? null,
        })),
      );
      const created = await this.campaigns.create(
        tx,
        {
          campaignId: newCampaignId(),
          name: request.name,
          callType: request.callType,
          timezone: request.timezone,
          windowStart: start,
          windowEnd: end,
          concurrency: request.concurrency ?? DEFAULT_CONCURRENCY,
          maxAttempts: request.retry?.max_attempts ?? DEFAULT_MAX_ATTEMPTS,
          retryDelaySeconds: request.retry?.delay_seconds ?? DEFAULT_RETRY_DELAY_SECONDS,
          status: 'running',
          createdBy: actor.id ?? actor.name,
          finishedAt: null,
        },
        request.drivers.map((driver, position) => {
          const skipped = optedOut.has(driver.driverId);
          return {
            driverId: driver.driverId,
            position,
            driver: {
              driverName: driver.driverName,
              phoneNumber: toE164(driver.phoneNumber)!,
              customRules: driver.customRules ?? null,
              tripId: driver.violations.tripId,
              violationDetails: driver.violations.violationDetails.map(({ type, description }) => ({
                type,
                description,
              })),
              ...(driver.language ? { language: driver.language } : {}),
            },
            timezone: driver.timezone ?? request.timezone,
            state: skipped ? 'skipped' : 'pending',
            attempts: 0,
            callSids: [],
            nextAttemptAt: null,
            skipReason: skipped ? 'opted_out' : null,
            lastFailure: null,
            claimedAt: null,
            attemptRequestedAt: null,
            waitingReason: null,
            completionNote: null,
          };
        }),
      );
      await this.audit.record(
        actor,
        {
          action: 'campaign.created',
          target: created.campaignId,
          detail: { name: created.name, drivers: request.drivers.length, skipped: optedOut.size },
        },
        tx,
      );
      return created;
    });
    const counts = await this.campaigns.countsFor(campaign.id);
    this.events.emit(CAMPAIGN_PROGRESS, { message: campaignProgress(campaign, counts) });
    this.scheduler.passSoon(campaign.id);
    return campaignSummary(campaign, counts);
  }

  /** Refuses what cannot be a campaign; answers the drivers that opted out (they are skipped). */
  private async validate(request: CreateCampaignDto): Promise<Set<string>> {
    const { start, end } = request.calling_window;
    if (start === end) {
      throw new CampaignsException(
        'INVALID_CAMPAIGN',
        'calling_window must not be empty: start and end are the same time',
      );
    }
    const quiet = this.config.compliance.quietHours;
    if (!windowsOverlap({ start, end }, quiet)) {
      throw new CampaignsException(
        'INVALID_CAMPAIGN',
        `calling_window ${start}-${end} never meets QUIET_HOURS ${quiet.start}-${quiet.end}: campaigns dial only inside both, driver-local`,
      );
    }
    const seen = new Map<string, number>();
    request.drivers.forEach((driver, index) => {
      const first = seen.get(driver.driverId);
      if (first !== undefined) {
        throw new CampaignsException(
          'INVALID_CAMPAIGN',
          `drivers.${index}.driverId ${driver.driverId} is already drivers.${first}: list each driver once`,
        );
      }
      seen.set(driver.driverId, index);
    });
    return this.optOuts.optedOutAmong(
      request.drivers.map((driver) => ({
        driverId: driver.driverId,
        phoneNumber: toE164(driver.phoneNumber)!,
      })),
    );
  }

  async list(limit: number, cursor?: string): Promise<CampaignPageDto> {
    const rows = await this.campaigns.list(limit + 1, cursorPosition(cursor));
    const { page, nextCursor } = keysetPage(rows, limit, (row) => ({
      at: row.createdAt,
      id: row.id,
    }));
    const counts = await this.campaigns.countsOf(page.map((row) => row.id));
    return {
      campaigns: page.map((row) => campaignListItem(row, counts.get(row.id)!)),
      next_cursor: nextCursor,
    };
  }

  async get(campaignId: string): Promise<CampaignDto> {
    const campaign = await this.find(campaignId);
    const drivers = await this.campaigns.driversOf(campaign.id);
    const tallies = await this.items.tallies(
      drivers.flatMap((driver) => driver.callSids.slice(-1)),
    );
    return {
      ...campaignListItem(campaign, countStates(drivers)),
      drivers: drivers.map((driver) =>
        campaignDriverState(driver, tallies.get(driver.callSids.at(-1) ?? '') ?? null),
      ),
    };
  }

  /** The campaign's id and progress, for a WebSocket subscription. */
  async progress(campaignId: string) {
    const campaign = await this.find(campaignId);
    const counts = await this.campaigns.countsFor(campaign.id);
    return campaignProgress(campaign, counts);
  }

  pause(campaignId: string, actor: Actor): Promise<CampaignDto> {
    return this.transition(campaignId, 'paused', ['running'], actor);
  }

  resume(campaignId: string, actor: Actor): Promise<CampaignDto> {
    return this.transition(campaignId, 'running', ['paused'], actor);
  }

  cancel(campaignId: string, actor: Actor): Promise<CampaignDto> {
    return this.transition(campaignId, 'cancelled', ['running', 'paused'], actor);
  }

  /** Asking for the state it is already in changes nothing and succeeds. */
  private async transition(
    campaignId: string,
    to: Transition,
    from: CampaignStatus[],
    actor: Actor,
  ): Promise<CampaignDto> {
    const { id } = await this.find(campaignId);
    const changed = await this.transactions.run(async (tx) => {
      const campaign = (await this.campaigns.lock(tx, id))!;
      if (campaign.status === to) return null;
      if (!from.includes(campaign.status)) {
        throw new CampaignsException(
          'CAMPAIGN_FINISHED',
          `Campaign ${campaignId} is ${campaign.status}; it cannot be ${to === 'running' ? 'resumed' : to}`,
        );
      }
      await this.campaigns.setStatus(tx, campaign, to);
      if (to === 'cancelled') await this.campaigns.cancelPending(tx, id);
      await this.audit.record(actor, { action: TRANSITION_ACTIONS[to], target: campaignId }, tx);
      const counts = await this.campaigns.countsFor(id, tx);
      return campaignProgress(campaign, counts);
    });
    if (changed) {
      this.events.emit(CAMPAIGN_PROGRESS, { message: changed });
      if (to === 'running') this.scheduler.passSoon(id);
    }
    return this.get(campaignId);
  }

  private async find(campaignId: string): Promise<Campaign> {
    const campaign = isCampaignId(campaignId)
      ? await this.campaigns.findByPublicId(campaignId)
      : null;
    if (!campaign)
      throw new CampaignsException('CAMPAIGN_NOT_FOUND', `Campaign ${campaignId} not found`);
    return campaign;
  }
}
