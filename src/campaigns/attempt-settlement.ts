import type { CallOutcome } from '../calls/record/calls.repository.js';
import { CallStatus } from '../calls/record/call-status.js';
import { completeByCallback } from './campaign-callbacks.js';
import type { DialHours } from './dial-hours.js';
import type { CampaignDriver } from './entities/campaign-driver.entity.js';
import type { Campaign } from './entities/campaign.entity.js';

/** ElevenLabs refused for its concurrency limit: try again this much later (not an attempt). */
const AT_CAPACITY_WAIT_MS = 15_000;
/** A driver who keeps asking to be called later: from this many call-backs on, a call counts. */
const MAX_CALL_BACKS = 3;

/** Puts a driver off until the first moment from `earliest` the campaign may dial them, saying why. */
export function waitFor(
  driver: CampaignDriver,
  hours: DialHours,
  earliest: Date,
  why?: string,
): void {
  driver.nextAttemptAt = hours.next(earliest, driver.timezone);
  driver.waitingReason = hours.reasonToWait(earliest, driver.timezone) ?? why ?? null;
}

/** Takes back an attempt that never rang: it does not count. */
export function unclaim(driver: CampaignDriver): void {
  driver.callSids = driver.callSids.slice(0, -1);
  driver.attemptRequestedAt = null;
  driver.attempts = Math.max(0, driver.attempts - 1);
  driver.claimedAt = null;
}

/** A call the driver asked to have later stays on record but counts as no attempt. */
function unclaimCallBack(driver: CampaignDriver): void {
  driver.attempts = Math.max(0, driver.attempts - 1);
  driver.attemptRequestedAt = null;
  driver.claimedAt = null;
}

export interface Settling {
  campaign: Campaign;
  hours: DialHours;
  now: Date;
  /** How long a claim may go without its call record before the dial counts as lost. */
  claimLeaseMs: number;
}

/**
 * What became of a driver's current attempt, applied to the driver; `redial`: it was claimed but
 * never dialled (the instance died first) and may be dialled again now.
 */
export function settleAttempt(
  { campaign, hours, now, claimLeaseMs }: Settling,
  driver: CampaignDriver,
  call: CallOutcome | undefined,
): 'unchanged' | 'changed' | 'redial' {
  const later = (ms: number) => waitFor(driver, hours, new Date(now.getTime() + ms));
  const stillPending = () => (campaign.status === 'cancelled' ? 'cancelled' : 'pending');
  if (!call) {
    if (!driver.claimedAt || now.getTime() - driver.claimedAt.getTime() < claimLeaseMs)
      return 'unchanged';
    if (campaign.status === 'running' && hours.allows(now, driver.timezone)) {
      driver.claimedAt = now;
      return 'redial';
    }
    unclaim(driver);
    driver.state = stillPending();
    later(0);
    return 'changed';
  }
  if (call.status === CallStatus.IN_PROGRESS) return 'unchanged';
  if (call.notReached && call.callbackSid) {
    completeByCallback(driver, call.callbackSid); // they phoned back before this pass
    return 'changed';
  }
  if (call.callBackAt && driver.callSids.length - driver.attempts < MAX_CALL_BACKS) {
    // Asked to be called later (driving, busy): no failed attempt; called back when asked.
    unclaimCallBack(driver);
    driver.state = stillPending();
    driver.lastFailure = null;
    const askedFor = new Date(Math.max(call.callBackAt.getTime(), now.getTime()));
    waitFor(
      driver,
      hours,
      askedFor,
      `the driver asked to be called back at ${call.callBackAt.toISOString()}`,
    );
    return 'changed';
  }
  if (!call.notReached) {
    driver.state = 'completed';
    driver.lastFailure = null;
    return 'changed';
  }
  if (call.notReached === 'rate-limited') {
    unclaim(driver);
    driver.state = stillPending();
    later(AT_CAPACITY_WAIT_MS);
    driver.lastFailure = 'rate-limited: ElevenLabs was at its concurrency limit';
    return 'changed';
  }
  driver.lastFailure =
    call.notReached === 'dial-error'
      ? `dial-error: ${call.failureReason ?? 'unknown'}`
      : call.notReached;
  if (campaign.status === 'cancelled') driver.state = 'cancelled';
  else if (driver.attempts >= campaign.maxAttempts) driver.state = 'failed';
  else {
    driver.state = 'pending';
    later(campaign.retryDelaySeconds * 1000);
  }
  return 'changed';
}
