import { setTimeout as sleep } from 'node:timers/promises';

/** 250 ms, 500 ms, 1 s... with ±20% jitter, capped; a server's Retry-After wins when it is longer. */
export function backoffDelay(attempt: number, retryAfterSeconds?: number, capMs = 5000): number {
  const base = Math.min(capMs, 250 * 2 ** attempt);
  const jittered = base * (0.8 + Math.random() * 0.4);
  const serverAsked =
    retryAfterSeconds && Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : 0;
  return Math.min(capMs, Math.max(jittered, serverAsked));
}

export { sleep };
