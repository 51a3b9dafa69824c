import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { itemOutcomeRecorded } from '../calls/messages/call-events.js';
import { CallItemsRepository } from '../calls/items/call-items.repository.js';
import { itemView } from '../calls/items/call-items.js';
import type { ItemView } from '../item-vocabulary/item-view.js';
import { CallLookupService } from '../calls/record/call-lookup.service.js';
import { CallsRepository } from '../calls/record/calls.repository.js';
import type { Call } from '../calls/record/call.entity.js';
import { ITEM_OUTCOME_RECORDED } from '../events/domain-events.js';
import { EventBus } from '../events/event-bus.js';
import type { ItemOutcomeChangeDto, ItemOutcomeToolDto } from './dto/item-outcome.dto.js';
import { OutcomesException } from './outcomes.exception.js';

/** Outcomes as they are told: by the agent during the call, or by a dispatcher afterwards. */
@Injectable()
export class ItemOutcomesService {
  constructor(
    private readonly calls: CallsRepository,
    private readonly lookup: CallLookupService,
    private readonly items: CallItemsRepository,
    private readonly events: EventBus,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * The `record_item_outcome` tool: the agent settled an item. A dispatcher's outcome is kept.
   * Errors are worded for the agent, which reads them.
   */
  async recordFromAgent(body: ItemOutcomeToolDto): Promise<void> {
    const call = await this.callOfConversation(body.conversation_id, body.call_sid);
    if (!call)
      throw new OutcomesException(
        'UNKNOWN_CONVERSATION',
        `No call has conversation ${body.conversation_id}`,
      );
    await this.change(call, body.item, body, 'live', 'agent', () => {
      throw new OutcomesException(
        'UNKNOWN_ITEM',
        `item ${body.item} does not exist: this call has items 1 to ${call.violations.length}`,
      );
    });
  }

  /**
   * The call the agent is on: by its conversation id; else (a callback, whose conversation id
   * arrives with the post-call webhook) by our call_sid, binding the conversation to it.
   */
  private async callOfConversation(conversationId: string, callSid?: string): Promise<Call | null> {
    const call = await this.calls.findByIdentifier(conversationId);
    if (call?.conversationId === conversationId) return call;
    if (!callSid) return null;
    const bySid = await this.calls.findByIdentifier(callSid);
    if (!bySid || bySid.callSid !== callSid) return null;
    return this.calls.bindConversation(bySid.id, conversationId);
  }

  /** A dispatcher sets or corrects an outcome (who and when are kept). */
  async override(
    identifier: string,
    item: number,
    body: ItemOutcomeChangeDto,
    actor: Actor,
  ): Promise<ItemView> {
    const call = await this.lookup.get(identifier);
    const view = await this.change(call, item, body, 'dispatcher', actor.id ?? actor.name, () => {
      throw new OutcomesException('ITEM_NOT_FOUND', `Call ${call.callSid} has no item ${item}`);
    });
    await this.audit.record(actor, {
      action: 'item_outcome.overridden',
      target: `${call.callSid} item ${item}`,
      detail: { outcome: view.outcome, eta_minutes: view.eta_minutes, driver_id: call.driverId },
    });
    return view;
  }

  private async change(
    call: Call,
    item: number,
    body: ItemOutcomeChangeDto,
    source: 'live' | 'dispatcher',
    by: string,
    missing: () => never,
  ): Promise<ItemView> {
    if (!Number.isInteger(item) || item < 1 || item > call.violations.length) missing();
    const updated = await this.items.setOutcome(
      call.id,
      item,
      {
        outcome: body.outcome,
        etaMinutes: body.eta_minutes ?? null,
        driverNote: body.note?.trim() || null,
        source,
        updatedBy: by,
      },
      source === 'live' ? ['dispatcher'] : [],
    );
    if (!updated) {
      const current = (await this.items.itemsOf(call.id)).find((row) => row.item === item);
      return current ? itemView(current) : missing();
    }
    this.events.emit(ITEM_OUTCOME_RECORDED, itemOutcomeRecorded(call, updated));
    return itemView(updated);
  }
}
