import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { CallStatus } from '../calls/record/call-status.js';
import { queryRows } from '../database/sql.js';
import type { Transaction } from '../database/transaction.js';
import { CampaignDriver, type CampaignDriverState } from './entities/campaign-driver.entity.js';
import { Campaign, type CampaignStatus } from './entities/campaign.entity.js';
import type { CampaignDemand } from './fair-share.js';

export type CampaignCounts = Record<CampaignDriverState | 'total', number>;

export function emptyCounts(): CampaignCounts {
  return {
    total: 0,
    pending: 0,
    in_progress: 0,
    completed: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  };
}

/** The counts of drivers already read (the same as {@link CampaignsRepository.countsOf}). */
export function countStates(drivers: Pick<CampaignDriver, 'state'>[]): CampaignCounts {
  const counts = emptyCounts();
  for (const { state } of drivers) counts[state] += 1;
  counts.total = drivers.length;
  return counts;
}

/** Campaigns and their drivers: every query the campaign feature runs. */
@Injectable()
export class CampaignsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: Transaction): EntityManager {
    return tx?.manager ?? this.dataSource.manager;
  }

  async create(
    tx: Transaction,
    campaign: Omit<Campaign, 'id' | 'createdAt' | 'updatedAt'>,
    drivers: Omit<CampaignDriver, 'campaignId' | 'updatedAt'>[],
  ): Promise<Campaign> {
    const saved = await tx.manager.getRepository(Campaign).save(campaign);
    const rows = drivers.map((driver) => ({ ...driver, campaignId: saved.id }));
    for (let start = 0; start < rows.length; start += 200) {
      await tx.manager.getRepository(CampaignDriver).insert(rows.slice(start, start + 200));
    }
    return saved;
  }

  findByPublicId(campaignId: string): Promise<Campaign | null> {
    return this.dataSource.getRepository(Campaign).findOneBy({ campaignId });
  }

  /** Newest first; `before` is the keyset position of the previous page's last row. */
  list(limit: number, before?: { at: Date; id: number }): Promise<Campaign[]> {
    const query = this.dataSource
      .getRepository(Campaign)
      .createQueryBuilder('campaign')
      .orderBy('campaign.created_at', 'DESC')
      .addOrderBy('campaign.id', 'DESC')
      .limit(limit);
    if (before) {
      query.where('(campaign.created_at, campaign.id) < (:at, :id)', before);
    }
    return query.getMany();
  }

  driversOf(campaignId: number): Promise<CampaignDriver[]> {
    return this.dataSource
      .getRepository(CampaignDriver)
      .find({ where: { campaignId }, order: { position: 'ASC' } });
  }

  async countsOf(campaignIds: number[], tx?: Transaction): Promise<Map<number, CampaignCounts>> {
    const counts = new Map(campaignIds.map((id) => [id, emptyCounts()]));
    if (campaignIds.length === 0) return counts;
    const rows = await this.manager(tx)
      .getRepository(CampaignDriver)
      .createQueryBuilder('driver')
      .select('driver.campaign_id', 'campaignId')
      .addSelect('driver.state', 'state')
      .addSelect('count(*)::int', 'count')
      .where({ campaignId: In(campaignIds) })
      .groupBy('driver.campaign_id')
      .addGroupBy('driver.state')
      .getRawMany<{ campaignId: number; state: CampaignDriverState; count: number }>();
    for (const row of rows) {
      const entry = counts.get(row.campaignId)!;
      entry[row.state] = row.count;
      entry.total += row.count;
    }
    return counts;
  }

  async countsFor(campaignId: number, tx?: Transaction): Promise<CampaignCounts> {
    return (await this.countsOf([campaignId], tx)).get(campaignId)!;
  }

  /** The campaign's row lock: one scheduler pass per campaign at a time, on any instance. */
  lock(tx: Transaction, id: number): Promise<Campaign | null> {
    return tx.manager
      .getRepository(Campaign)
      .createQueryBuilder('campaign')
      .setLock('pessimistic_write')
      .where('campaign.id = :id', { id })
      .getOne();
  }

  async setStatus(tx: Transaction, campaign: Campaign, status: CampaignStatus): Promise<void> {
    campaign.status = status;
    if (status === 'completed' || status === 'cancelled') campaign.finishedAt = new Date();
    await tx.manager.getRepository(Campaign).save(campaign);
  }

  /** Pending drivers left uncalled when a campaign is cancelled. */
  async cancelPending(tx: Transaction, id: number): Promise<void> {
    await tx.manager
      .getRepository(CampaignDriver)
      .update({ campaignId: id, state: 'pending' }, { state: 'cancelled', nextAttemptAt: null });
  }

  /** Drivers on a call (claimed, dialling or talking). */
  onCall(tx: Transaction, id: number): Promise<CampaignDriver[]> {
    return tx.manager
      .getRepository(CampaignDriver)
      .findBy({ campaignId: id, state: 'in_progress' });
  }

  /** Pending drivers whose time has come (database clock): due retries first, then in list order. */
  due(tx: Transaction, id: number, limit: number): Promise<CampaignDriver[]> {
    return tx.manager
      .getRepository(CampaignDriver)
      .createQueryBuilder('driver')
      .where('driver.campaign_id = :id', { id })
      .andWhere("driver.state = 'pending'")
      .andWhere('(driver.next_attempt_at IS NULL OR driver.next_attempt_at <= now())')
      .orderBy('driver.next_attempt_at', 'ASC', 'NULLS LAST')
      .addOrderBy('driver.position', 'ASC')
      .limit(limit)
      .getMany();
  }

  findDriver(
    tx: Transaction,
    campaignId: number,
    driverId: string,
  ): Promise<CampaignDriver | null> {
    return tx.manager.getRepository(CampaignDriver).findOneBy({ campaignId, driverId });
  }

  /** The campaigns still trying to reach a driver: a pending attempt, the campaign not over. */
  async campaignsRetrying(driverId: string): Promise<number[]> {
    const rows = await queryRows<{ campaign_id: number }>(
      this.manager(),
      `SELECT d.campaign_id FROM campaign_drivers d JOIN campaigns c ON c.id = d.campaign_id
        WHERE d.driver_id = $1 AND d.state = 'pending' AND c.status IN ('running', 'paused')`,
      [driverId],
    );
    return rows.map((row) => Number(row.campaign_id));
  }

  /** Writes what a pass or a callback changes on a driver (one UPDATE, no read first). */
  async saveDriver(tx: Transaction, driver: CampaignDriver): Promise<void> {
    await tx.manager.getRepository(CampaignDriver).update(
      { campaignId: driver.campaignId, driverId: driver.driverId },
      {
        state: driver.state,
        attempts: driver.attempts,
        callSids: driver.callSids,
        nextAttemptAt: driver.nextAttemptAt,
        skipReason: driver.skipReason,
        lastFailure: driver.lastFailure,
        completionNote: driver.completionNote,
        waitingReason: driver.waitingReason,
        attemptRequestedAt: driver.attemptRequestedAt,
        claimedAt: driver.claimedAt,
      },
    );
  }

  /** Whether the campaign still has a driver to call or on a call. */
  async hasOpenDrivers(tx: Transaction, id: number): Promise<boolean> {
    const rows = await queryRows<{ open: number }>(
      tx.manager,
      `SELECT 1 AS open FROM campaign_drivers
        WHERE campaign_id = $1 AND state IN ('pending', 'in_progress') LIMIT 1`,
      [id],
    );
    return rows.length > 0;
  }

  /**
   * What the plan's calls are shared out among, in one read: the calls live across the service
   * as campaigns count them (every campaign driver on a call, counted from the claim before the
   * call record exists until the scheduler saw it end, and every other call still in progress),
   * and each running campaign with a driver on a call or due now, with those counts (the due
   * ones read up to 50, the largest concurrency).
   */
  async capacity(
    tx: Transaction,
    maxDurationSeconds: number,
  ): Promise<{ live: number; demands: CampaignDemand[] }> {
    const rows = await queryRows<{
      live: string;
      id: number | null;
      concurrency: number;
      on_call: string;
      due: string;
    }>(
      tx.manager,
      `SELECT l.live, r.id, r.concurrency, r.on_call, r.due
         FROM (SELECT (SELECT count(*) FROM campaign_drivers WHERE state = 'in_progress')
                    + (SELECT count(*) FROM calls
                        WHERE status = $1 AND campaign_id IS NULL
                          AND call_start_time > now() - make_interval(secs => $2)) AS live) l
         LEFT JOIN LATERAL (
           SELECT c.id, c.concurrency,
                  (SELECT count(*) FROM campaign_drivers d
                    WHERE d.campaign_id = c.id AND d.state = 'in_progress') AS on_call,
                  (SELECT count(*) FROM (SELECT 1 FROM campaign_drivers d
                    WHERE d.campaign_id = c.id AND d.state = 'pending'
                      AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= now())
                    LIMIT 50) due) AS due
             FROM campaigns c WHERE c.status = 'running') r ON true
        ORDER BY r.id`,
      [CallStatus.IN_PROGRESS, maxDurationSeconds],
    );
    const demands = rows
      .filter((row) => row.id !== null)
      .map((row) => ({
        id: row.id!,
        concurrency: row.concurrency,
        onCall: Number(row.on_call),
        due: Number(row.due),
      }))
      .filter((row) => row.onCall > 0 || row.due > 0);
    return { live: Number(rows[0]?.live ?? 0), demands };
  }

  /** When the next pending driver of the campaign falls due, if any is waiting. */
  async nextDue(id: number): Promise<Date | null> {
    const [row] = await queryRows<{ at: Date | null }>(
      this.manager(),
      `SELECT min(next_attempt_at) AS at FROM campaign_drivers
        WHERE campaign_id = $1 AND state = 'pending'`,
      [id],
    );
    return row?.at ? new Date(row.at) : null;
  }

  /**
   * Campaigns with a driver on a call, or running ones with a driver due now or none left to
   * call: the sweep ticks them. Each part from an index (a year's campaigns hold ~250,000 rows).
   */
  async needingAttention(): Promise<number[]> {
    const rows = await queryRows<{ id: number }>(
      this.dataSource.manager,
      `SELECT d.campaign_id AS id FROM campaign_drivers d WHERE d.state = 'in_progress'
       UNION
       SELECT c.id FROM campaigns c
        WHERE c.status = 'running'
          AND (EXISTS (SELECT 1 FROM campaign_drivers d
                        WHERE d.campaign_id = c.id AND d.state = 'pending'
                          AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= now()))
               OR NOT EXISTS (SELECT 1 FROM campaign_drivers o
                               WHERE o.campaign_id = c.id AND o.state IN ('pending', 'in_progress')))`,
    );
    return rows.map((row) => row.id);
  }
}
