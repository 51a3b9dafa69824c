import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallStatus } from '../calls/record/call-status.js';
import { Call } from '../calls/record/call.entity.js';

/**
 * Which instance follows each live call's live source: a lease on the call's row, renewed while
 * the instance follows, taken over when it lapses.
 */
@Injectable()
export class LiveLeasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims, or renews, the right to follow the call's live source for `seconds`: granted when
   * nobody holds it, the holder's lease ran out (a crashed instance), or `follower` holds it.
   */
  async claimLiveLease(callId: number, follower: string, seconds: number): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(Call)
      .createQueryBuilder()
      .update()
      .set({
        liveFollower: follower,
        liveLeaseUntil: () => 'now() + make_interval(secs => :seconds)',
      })
      .where('id = :callId', { callId })
      .andWhere('status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere(
        '(live_lease_until IS NULL OR live_lease_until < now() OR live_follower = :follower)',
      )
      .setParameters({ seconds, follower })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Gives the call back for another instance to follow (graceful shutdown). */
  async releaseLiveLease(callId: number, follower: string): Promise<void> {
    await this.dataSource
      .getRepository(Call)
      .update({ id: callId, liveFollower: follower }, { liveFollower: null, liveLeaseUntil: null });
  }

  /** Nobody needs to follow the call again: its live source ended or refused us. */
  async finishLiveLease(callId: number, follower: string): Promise<void> {
    await this.dataSource
      .getRepository(Call)
      .createQueryBuilder()
      .update()
      .set({ liveFollower: 'finished', liveLeaseUntil: () => `'infinity'::timestamptz` })
      .where('id = :callId AND live_follower = :follower', { callId, follower })
      .execute();
  }

  /** Live calls with a conversation that nobody follows, started after `startedAfter`. */
  unfollowed(startedAfter: Date, limit: number): Promise<Call[]> {
    return this.dataSource
      .getRepository(Call)
      .createQueryBuilder('call')
      .select(['call.id', 'call.callSid', 'call.conversationId'])
      .where('call.status = :status', { status: CallStatus.IN_PROGRESS })
      .andWhere('call.conversation_id IS NOT NULL')
      .andWhere('call.call_start_time > :startedAfter', { startedAfter })
      .andWhere('(call.live_lease_until IS NULL OR call.live_lease_until < now())')
      .orderBy('call.call_start_time', 'ASC')
      .limit(limit)
      .getMany();
  }
}
