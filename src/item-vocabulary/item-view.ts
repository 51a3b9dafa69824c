import type { ViolationType } from './violation-detail.js';

/** An item as the API, the WebSocket and `call_completed` show it. */
export interface ItemView {
  item: number;
  type: ViolationType;
  description: string;
  outcome: string | null;
  eta_minutes: number | null;
  driver_note: string | null;
  source: string | null;
  updated_at: string | null;
  updated_by: string | null;
}
