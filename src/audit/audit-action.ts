/** Every act the audit trail records; `GET /audit?action=` takes one of these. */
export const AUDIT_ACTIONS = [
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'user.created',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'user.unlocked',
  'user.duty_changed',
  'password.changed',
  'call.placed',
  'follow_up.placed',
  'item_outcome.overridden',
  'campaign.created',
  'campaign.paused',
  'campaign.resumed',
  'campaign.cancelled',
  'opt_out.changed',
  'driver.updated',
  'driver.language_learnt',
  'agent.synced',
  'call.transferred',
  'dispatcher_alert.raised',
  'dispatcher_alert.acknowledged',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
