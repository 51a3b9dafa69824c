import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CallStatus } from './entities/call-status.js';
import { Call } from './entities/call.entity.js';
import { Driver } from './entities/driver.entity.js';
import type { ViolationDetail } from './entities/violation-detail.js';

export interface NewCall {
  callSid: string;
  driverId: string;
  driverName: string;
  phoneNumber: string;
  callType: string;
  tripId: string;
  violations: ViolationDetail[];
  customRules: string | null;
  requestTimestamp: string;
  initiatedBy: string;
}

/** What the placement transaction decided. */
export type DialClaim =
  | { kind: 'dial'; call: Call; redial: boolean }
  | { kind: 'existing'; call: Call }
  | { kind: 'pending'; call: Call }
  | { kind: 'busy'; activeCall: Call };

@Injectable()
export class CallsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Decides, under the driver's row lock, whether this request dials: a new call is inserted; a
   * retry of a call that failed to start is reopened; a retry of a live or finished call is
   * answered from the record; another live call of the driver blocks (unless older than
   * `maxDurationSeconds`, the longest a call can last).
   */
  claimForDialing(input: NewCall, maxDurationSeconds: number): Promise<DialClaim> {
    return this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(Driver)
        .values({
          driverId: input.driverId,
          driverName: input.driverName,
          phoneNumber: input.phoneNumber,
        })
        .orUpdate(['driver_name', 'phone_number', 'updated_at'], ['driver_id'])
        .execute();
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
          requestTimestamp: input.requestTimestamp,
          initiatedBy: input.initiatedBy,
          status: CallStatus.IN_PROGRESS,
          conversationId: null,
        }),
      );
      return { kind: 'dial', call, redial: false };
    });
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

  /** FAILED with the reason, unless something else already moved the call on. */
  async markDialFailed(callId: number, reason: string): Promise<Call | null> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Call)
      .set({
        status: CallStatus.FAILED,
        failureReason: reason,
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

  findById(id: number): Promise<Call | null> {
    return this.dataSource.getRepository(Call).findOneBy({ id });
  }

  /** By our call_sid or ElevenLabs' conversation_id, whichever it is. */
  findByIdentifier(identifier: string): Promise<Call | null> {
    return this.dataSource
      .getRepository(Call)
      .createQueryBuilder('call')
      .where('call.call_sid = :identifier OR call.conversation_id = :identifier', { identifier })
      .getOne();
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
