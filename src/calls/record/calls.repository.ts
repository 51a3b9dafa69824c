import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { escapeLike, queryRows } from '../../database/sql.js';
import type { Transaction } from '../../database/transaction.js';
import { CallStatus } from './call-status.js';
import { Call, type CallDirection } from './call.entity.js';
import type { NotReachedReason } from './not-reached.js';

export interface CallFilter {
  driverId?: string;
  /** Part of a driver's name, a call or driver id, or a phone number. */
  q?: string;
  status?: CallStatus;
  direction?: CallDirection;
  from?: Date;
  to?: Date;
  /** Keyset cursor: calls strictly older than this (start time, id). */
  before?: { start: Date; id: number };
  limit: number;
}

/** The columns a history row shows (the call and its driver's name). */
const SUMMARY_COLUMNS = [
  'call.id',
  'call.callSid',
  'call.conversationId',
  'call.twilioCallSid',
  'call.driverId',
  'call.status',
  'call.direction',
  'call.language',
  'call.callType',
  'call.tripId',
  'call.callStartTime',
  'call.callEndTime',
  'call.callDurationSeconds',
  'call.cost',
  'call.callSuccessful',
  'call.transcriptSummary',
  'call.failureReason',
  'call.notReached',
  'call.transferTo',
  'call.transferReason',
  'call.transferAt',
  'call.transferSucceeded',
  'call.campaignId',
  'call.hasAudio',
  'call.recordingKey',
  'call.recordingBytes',
  'call.recordingContentType',
  'call.recordingStoredAt',
  'call.lastSequenceNumber',
  'driver.driverId',
  'driver.driverName',
  'driver.phoneNumber',
  'call.callerNumber',
];

/** "This call" by our call_sid or ElevenLabs' conversation_id, whichever it is: written once. */
function whereIdentifier(query: SelectQueryBuilder<Call>, identifier: string) {
  return query.where('(call.call_sid = :identifier OR call.conversation_id = :identifier)', {
    identifier,
  });
}

/** How a call ended (or that it has not): what campaigns settle an attempt by. */
export type CallOutcome = Pick<Call, 'status' | 'notReached' | 'failureReason' | 'callBackAt'> & {
  /** The driver phoned the agent since this call started: its call_sid. */
  callbackSid: string | null;
};

/** Calls' outcomes, each with the first callback its driver made since it started. */
const OUTCOMES_OF = `
  SELECT c.call_sid, c.status, c.not_reached, c.failure_reason, c.call_back_at,
         (SELECT cb.call_sid FROM calls cb
           WHERE cb.direction = 'inbound' AND cb.driver_id = c.driver_id
             AND cb.call_start_time >= c.call_start_time
           ORDER BY cb.call_start_time LIMIT 1) AS callback_sid
    FROM calls c
   WHERE c.call_sid = ANY($1::varchar[])`;

@Injectable()
export class CallsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** FAILED with the reason, unless something else already moved the call on. */
  async markDialFailed(
    callId: number,
    reason: string,
    notReached: NotReachedReason = 'dial-error',
  ): Promise<Call | null> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Call)
      .set({
        status: CallStatus.FAILED,
        failureReason: reason,
        notReached,
        callEndTime: () => 'now()',
        statusVersion: () => 'status_version + 1',
      })
      .where('id = :callId', { callId })
      .andWhere('status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere('conversation_id IS NULL')
      .execute();
    if (!result.affected) return null;
    return this.dataSource.getRepository(Call).findOneByOrFail({ id: callId });
  }

  /** Where these calls stand, by call_sid (missing: no record). */
  async outcomesOf(tx: Transaction, callSids: string[]): Promise<Map<string, CallOutcome>> {
    if (callSids.length === 0) return new Map();
    const rows = await queryRows<{
      call_sid: string;
      status: CallStatus;
      not_reached: NotReachedReason | null;
      failure_reason: string | null;
      call_back_at: Date | null;
      callback_sid: string | null;
    }>(tx.manager, OUTCOMES_OF, [callSids]);
    return new Map(
      rows.map((row) => [
        row.call_sid,
        {
          status: row.status,
          notReached: row.not_reached,
          failureReason: row.failure_reason,
          callBackAt: row.call_back_at ? new Date(row.call_back_at) : null,
          callbackSid: row.callback_sid,
        },
      ]),
    );
  }

  findById(id: number): Promise<Call | null> {
    return this.dataSource.getRepository(Call).findOneBy({ id });
  }

  /** By our call_sid or ElevenLabs' conversation_id, whichever it is. */
  findByIdentifier(
    identifier: string,
    options: { withDriver?: boolean } = {},
  ): Promise<Call | null> {
    const query = whereIdentifier(this.calls().createQueryBuilder('call'), identifier);
    if (options.withDriver) query.leftJoinAndSelect('call.driver', 'driver');
    return query.getOne();
  }

  /** Gives a call that has none its conversation id; the call, or null when it has another. */
  async bindConversation(callId: number, conversationId: string): Promise<Call | null> {
    await this.calls()
      .createQueryBuilder()
      .update()
      .set({ conversationId })
      .where('id = :callId AND conversation_id IS NULL', { callId })
      .execute();
    const call = await this.calls().findOneByOrFail({ id: callId });
    return call.conversationId === conversationId ? call : null;
  }

  findByTwilioCallSid(twilioCallSid: string): Promise<Call | null> {
    return this.calls().findOneBy({ twilioCallSid });
  }

  /**
   * Takes the call's row lock for the rest of the transaction (every writer of a call's turns or
   * status starts here): by conversation_id; else by our call_sid, unless that call has since
   * moved on to another conversation.
   */
  async lockForConversation(
    tx: Transaction,
    ref: { conversationId: string; callSid?: string },
  ): Promise<Call | null> {
    const locked = () =>
      tx.manager.getRepository(Call).createQueryBuilder('call').setLock('pessimistic_write');
    const byConversation = await locked()
      .where('call.conversation_id = :id', { id: ref.conversationId })
      .getOne();
    if (byConversation || !ref.callSid) return byConversation;
    const bySid = await locked().where('call.call_sid = :sid', { sid: ref.callSid }).getOne();
    return bySid && (bySid.conversationId === null || bySid.conversationId === ref.conversationId)
      ? bySid
      : null;
  }

  /** Whether a call claimed since `since` is still waiting for ElevenLabs' answer to its dial. */
  async dialInFlight(tx: Transaction, since: Date): Promise<boolean> {
    return tx.manager
      .getRepository(Call)
      .createQueryBuilder('call')
      .where('call.status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere('call.conversation_id IS NULL')
      .andWhere('call.call_start_time > :since', { since })
      .getExists();
  }

  async save(tx: Transaction, call: Call): Promise<void> {
    await tx.manager.getRepository(Call).save(call);
  }

  /** Calls in progress now (started within the longest a call lasts), with their drivers, oldest first. */
  inProgress(maxDurationSeconds: number, limit = 500): Promise<Call[]> {
    return this.calls()
      .createQueryBuilder('call')
      .leftJoinAndSelect('call.driver', 'driver')
      .where('call.status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere('call.call_start_time > now() - make_interval(secs => :maxDurationSeconds)', {
        maxDurationSeconds,
      })
      .orderBy('call.call_start_time', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Sequence and status versions of the given calls, for subscribers catching up. */
  progressOf(ids: number[]): Promise<Pick<Call, 'id' | 'lastSequenceNumber' | 'statusVersion'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.calls()
      .createQueryBuilder('call')
      .select(['call.id', 'call.lastSequenceNumber', 'call.statusVersion'])
      .where('call.id IN (:...ids)', { ids })
      .getMany();
  }

  /** One page of history, newest first, with one extra row to tell whether more follow. */
  list(filter: CallFilter): Promise<Call[]> {
    const query = this.calls()
      .createQueryBuilder('call')
      .leftJoin('call.driver', 'driver')
      .select(SUMMARY_COLUMNS)
      .orderBy('call.call_start_time', 'DESC')
      .addOrderBy('call.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.driverId)
      query.andWhere('call.driver_id = :driverId', { driverId: filter.driverId });
    if (filter.q) {
      // A name, an id (call_sid, conversation id, driver id), or part of a phone number.
      const digits = filter.q.replace(/[^\d]/g, '');
      const phone =
        digits.length >= 3
          ? ' OR driver.phone_number LIKE :digits OR call.caller_number LIKE :digits'
          : '';
      query.andWhere(
        `(driver.driver_name ILIKE :text ESCAPE '\\' OR call.call_sid ILIKE :text ESCAPE '\\'
          OR call.driver_id ILIKE :text ESCAPE '\\' OR call.conversation_id = :q${phone})`,
        { text: `%${escapeLike(filter.q)}%`, q: filter.q, digits: `%${digits}%` },
      );
    }
    if (filter.status) query.andWhere('call.status = :status', { status: filter.status });
    if (filter.direction)
      query.andWhere('call.direction = :direction', { direction: filter.direction });
    if (filter.from) query.andWhere('call.call_start_time >= :from', { from: filter.from });
    if (filter.to) query.andWhere('call.call_start_time < :to', { to: filter.to });
    if (filter.before) {
      query.andWhere('(call.call_start_time, call.id) < (:beforeStart, :beforeId)', {
        beforeStart: filter.before.start,
        beforeId: filter.before.id,
      });
    }
    return query.getMany();
  }

  /** A driver's latest calls, newest first. */
  latestCallsOf(driverId: string, limit: number): Promise<Call[]> {
    return this.calls().find({
      select: {
        callSid: true,
        conversationId: true,
        status: true,
        callStartTime: true,
        callEndTime: true,
        callDurationSeconds: true,
        transcriptSummary: true,
      },
      where: { driverId },
      order: { callStartTime: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** IN_PROGRESS calls that never got a conversation id and started before `startedBefore`. */
  neverConfirmed(startedBefore: Date, limit: number): Promise<Call[]> {
    return this.calls()
      .createQueryBuilder('call')
      .select(['call.id', 'call.callSid'])
      .where('call.status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere('call.conversation_id IS NULL')
      .andWhere('call.call_start_time < :startedBefore', { startedBefore })
      .limit(limit)
      .getMany();
  }

  /** IN_PROGRESS calls with a conversation, started before `startedBefore` and due a check, oldest first. */
  stuckSince(startedBefore: Date, limit: number): Promise<Call[]> {
    return this.calls()
      .createQueryBuilder('call')
      .select(['call.id', 'call.callSid', 'call.conversationId', 'call.syncAttempts'])
      .where('call.status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere('call.conversation_id IS NOT NULL')
      .andWhere('call.call_start_time < :startedBefore', { startedBefore })
      .andWhere('(call.next_sync_at IS NULL OR call.next_sync_at <= now())')
      .orderBy('call.call_start_time', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Counts a failed check and puts the next one `minutes` away. */
  async deferSync(callId: number, minutes: number): Promise<void> {
    await this.calls()
      .createQueryBuilder()
      .update()
      .set({
        syncAttempts: () => 'sync_attempts + 1',
        nextSyncAt: () => 'now() + make_interval(mins => :minutes)',
      })
      .where('id = :callId', { callId })
      .setParameter('minutes', minutes)
      .execute();
  }

  private calls() {
    return this.dataSource.getRepository(Call);
  }
}

/** Failed before anyone spoke: the request never reached the driver (dial error, busy, no answer). */
export function failedToStart(call: Call): boolean {
  return (
    call.status === CallStatus.FAILED &&
    call.lastSequenceNumber === 0 &&
    call.callDurationSeconds === null
  );
}
