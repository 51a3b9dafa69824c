import type { CallItem } from './call-item.entity.js';
import type { ItemView } from '../../item-vocabulary/item-view.js';
import type { ViolationDetail, ViolationType } from '../../item-vocabulary/violation-detail.js';
import { orderedDetails } from '../placement/prompt-builder.js';

export interface NewItem {
  item: number;
  type: ViolationType;
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
