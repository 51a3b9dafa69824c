import type { CallLanguage } from '../../drivers/call-language.js';
import { Injectable } from '@nestjs/common';
import { queryRows } from '../../database/sql.js';
import type { Transaction } from '../../database/transaction.js';
import type { ViolationType } from '../../item-vocabulary/violation-detail.js';
import { CallItem } from '../items/call-item.entity.js';
import { CallStatus } from '../record/call-status.js';
import { Call } from '../record/call.entity.js';

/** An open item a callback takes over: where it was raised, and what it says. */
export interface TakenOverItem {
  callId: number;
  item: number;
  type: ViolationType;
  description: string;
}

export interface NewInboundCall {
  callSid: string;
  twilioCallSid: string | null;
  conversationId?: string | null;
  driverId: string | null;
  callerNumber: string | null;
  tripId: string;
  /** In the order the callback's prompt numbers them. */
  items: TakenOverItem[];
  firstMessage: string | null;
  /** The language the callback is answered in; English when not known (an orphan's post-call). */
  language?: CallLanguage;
  needsDispatcher: boolean;
}

/** Marks each original item as taken over by the callback's copy (once: a later copy wins nothing). */
const TAKE_OVER = `
  UPDATE call_items i SET superseded_by_call_id = $1
    FROM unnest($2::int[], $3::int[]) AS original(call_id, item)
   WHERE i.call_id = original.call_id AND i.item = original.item
     AND i.superseded_by_call_id IS NULL`;

/** Calls drivers (or unknown numbers) make to the agent. */
@Injectable()
export class InboundCallsRepository {
  /**
   * Records a callback as it starts: the call (IN_PROGRESS), copies of the open items it covers,
   * numbered as its prompt shows them, which take the originals over. A retried initiation for
   * the same call finds the row it made (two at once: the second fails on the unique call_sid).
   */
  async open(tx: Transaction, input: NewInboundCall): Promise<{ call: Call; created: boolean }> {
    const calls = tx.manager.getRepository(Call);
    const existing = await calls.findOneBy({ callSid: input.callSid });
    if (existing) return { call: existing, created: false };
    const call = await calls.save(
      calls.create({
        callSid: input.callSid,
        direction: 'inbound',
        driverId: input.driverId,
        callerNumber: input.callerNumber,
        twilioCallSid: input.twilioCallSid,
        conversationId: input.conversationId ?? null,
        callType: 'callback',
        tripId: input.tripId,
        violations: input.items.map(({ type, description }) => ({ type, description })),
        customRules: null,
        firstMessage: input.firstMessage,
        language: input.language ?? 'en',
        requestTimestamp: new Date().toISOString(),
        initiatedBy: 'inbound',
        status: CallStatus.IN_PROGRESS,
        needsDispatcher: input.needsDispatcher || null,
      }),
    );
    if (input.items.length === 0) return { call, created: true };
    await tx.manager.getRepository(CallItem).insert(
      input.items.map((item, index) => ({
        callId: call.id,
        item: index + 1,
        type: item.type,
        description: item.description,
      })),
    );
    await queryRows(tx.manager, TAKE_OVER, [
      call.id,
      input.items.map((item) => item.callId),
      input.items.map((item) => item.item),
    ]);
    return { call, created: true };
  }
}
