import type { CallLanguage } from '../../drivers/call-language.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Transaction } from '../../database/transaction.js';
import type { ViolationDetail } from '../../item-vocabulary/violation-detail.js';
import { itemsOf } from '../items/call-items.js';
import { CallItem } from '../items/call-item.entity.js';
import { CallStatus } from '../record/call-status.js';
import { Call } from '../record/call.entity.js';
import { failedToStart } from '../record/calls.repository.js';

/** The call row a placement inserts (its driver is recorded in the same transaction). */
export interface NewCall {
  callSid: string;
  driverId: string;
  callType: string;
  tripId: string;
  violations: ViolationDetail[];
  customRules: string | null;
  firstMessage: string;
  language: CallLanguage;
  requestTimestamp: string;
  initiatedBy: string;
  /** A follow-up call takes these items of an earlier call over (they leave the queue). */
  supersedes?: { callId: number; items: number[] };
  /** The campaign this call is an attempt of. */
  campaignId?: number;
}

/** What the placement transaction decided. */
export type DialClaim =
  | { kind: 'dial'; call: Call; redial: boolean }
  | { kind: 'existing'; call: Call }
  | { kind: 'pending'; call: Call }
  | { kind: 'busy'; activeCall: Call };

/** The placement's writes: the claim that decides whether a request dials, and the dial's answer. */
@Injectable()
export class DialClaimsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Decides, under the driver's row lock (the caller records the driver first in `tx`), whether this request dials: a new call is inserted; a
   * retry of a call that failed to start is reopened; a retry of a live or finished call is
   * answered from the record; another live call of the driver blocks (unless older than
   * `maxDurationSeconds`, the longest a call can last).
   */
  async claim(tx: Transaction, input: NewCall, maxDurationSeconds: number): Promise<DialClaim> {
    const manager = tx.manager;
    const calls = manager.getRepository(Call);
    const existing = await calls.findOne({ where: { callSid: input.callSid } });
    if (existing) {
      if (existing.status !== CallStatus.FAILED || !failedToStart(existing)) {
        return existing.status === CallStatus.IN_PROGRESS && !existing.conversationId
          ? { kind: 'pending', call: existing }
          : { kind: 'existing', call: existing };
      }
    }
    const active = await this.activeCallOf(
      manager,
      input.driverId,
      maxDurationSeconds,
      input.callSid,
    );
    if (active) return { kind: 'busy', activeCall: active };
    if (existing) {
      await calls.update(
        { id: existing.id },
        {
          status: CallStatus.IN_PROGRESS,
          statusVersion: existing.statusVersion + 1,
          failureReason: null,
          conversationId: null,
          twilioCallSid: null,
          callEndTime: null,
          callStartTime: new Date(),
          initiatedBy: input.initiatedBy,
          firstMessage: input.firstMessage,
          language: input.language,
          callBackAt: null,
          notReached: null,
          liveFollower: null,
          liveLeaseUntil: null,
        },
      );
      return {
        kind: 'dial',
        call: await calls.findOneByOrFail({ id: existing.id }),
        redial: true,
      };
    }
    const call = await calls.save(
      calls.create({
        callSid: input.callSid,
        driverId: input.driverId,
        callType: input.callType,
        tripId: input.tripId,
        violations: input.violations,
        customRules: input.customRules,
        firstMessage: input.firstMessage,
        language: input.language,
        requestTimestamp: input.requestTimestamp,
        initiatedBy: input.initiatedBy,
        campaignId: input.campaignId ?? null,
        status: CallStatus.IN_PROGRESS,
        conversationId: null,
      }),
    );
    await manager
      .getRepository(CallItem)
      .insert(itemsOf(input.violations).map((item) => ({ ...item, callId: call.id })));
    if (input.supersedes) {
      await manager
        .getRepository(CallItem)
        .createQueryBuilder()
        .update()
        .set({ supersededByCallId: call.id })
        .where('call_id = :callId AND item IN (:...items)', input.supersedes)
        .andWhere('superseded_by_call_id IS NULL')
        .execute();
    }
    return { kind: 'dial', call, redial: false };
  }

  private activeCallOf(
    manager: EntityManager,
    driverId: string,
    maxDurationSeconds: number,
    exceptCallSid: string,
  ): Promise<Call | null> {
    return manager
      .getRepository(Call)
      .createQueryBuilder('call')
      .where('call.driver_id = :driverId', { driverId })
      .andWhere('call.status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere('call.call_sid <> :exceptCallSid', { exceptCallSid })
      .andWhere(`call.call_start_time > now() - make_interval(secs => :maxDurationSeconds)`, {
        maxDurationSeconds,
      })
      .orderBy('call.call_start_time', 'DESC')
      .getOne();
  }

  /** Records ElevenLabs' ids; a post-call webhook that got here first may already have set them. */
  async markDialed(
    callId: number,
    conversationId: string,
    twilioCallSid: string | null,
  ): Promise<Call> {
    await this.dataSource
      .createQueryBuilder()
      .update(Call)
      .set({ conversationId, twilioCallSid })
      .where('id = :callId', { callId })
      .andWhere('(conversation_id IS NULL OR conversation_id = :conversationId)', {
        conversationId,
      })
      .execute();
    return this.dataSource.getRepository(Call).findOneByOrFail({ id: callId });
  }
}
