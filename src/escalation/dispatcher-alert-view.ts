import type { DispatcherAlertView } from '../events/realtime-messages.js';
import type { DispatcherAlertRow } from './dispatcher-alerts.repository.js';

export function dispatcherAlertView(row: DispatcherAlertRow): DispatcherAlertView {
  return {
    id: row.id,
    kind: row.kind,
    reason: row.reason,
    created_at: new Date(row.created_at).toISOString(),
    acknowledged_at: row.acknowledged_at ? new Date(row.acknowledged_at).toISOString() : null,
    acknowledged_by: row.acknowledged_by,
    call_sid: row.call_sid,
    conversation_id: row.conversation_id,
    driver_id: row.driver_id,
    driver_name: row.driver_name,
    phone_number: row.phone_number,
  };
}
