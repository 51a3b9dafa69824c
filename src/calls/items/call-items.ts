import type { CallItem } from './call-item.entity.js';
import type { ViolationDetail } from '../../item-vocabulary/violation-detail.js';
import { orderedDetails } from '../placement/prompt-builder.js';

/** At most this many violations and reminders in one call (ElevenLabs' data collection has a slot each). */
export const MAX_ITEMS_PER_CALL = 10;

export interface NewItem {
  item: number;
  type: 'violation' | 'reminder';
  description: string;
}

/** A call's items, numbered as its prompt shows them: violations first, then reminders. */
export function itemsOf(details: ViolationDetail[]): NewItem[] {
  return orderedDetails(details).map((detail, index) => ({
    item: index + 1,
    type: detail.type,
    description: detail.description,
  }));
}

/** An item as the API, the WebSocket and `call_completed` show it. */
export interface ItemView {
  item: number;
  type: 'violation' | 'reminder';
  description: string;
  outcome: string | null;
  eta_minutes: number | null;
  driver_note: string | null;
  source: string | null;
  updated_at: string | null;
  updated_by: string | null;
}

export function itemView(item: CallItem): ItemView {
  return {
    item: item.item,
    type: item.type,
    description: item.description,
    outcome: item.outcome,
    eta_minutes: item.etaMinutes,
    driver_note: item.driverNote,
    source: item.source,
    updated_at: item.updatedAt ? new Date(item.updatedAt).toISOString() : null,
    updated_by: item.updatedBy,
  };
}
