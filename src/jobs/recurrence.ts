const MINUTE_DIVISORS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

function nearestDivisor(value: number): number {
  return MINUTE_DIVISORS.filter((divisor) => divisor <= Math.max(1, value)).at(-1)!;
}

/**
 * A pg-boss cron expression (with seconds) for "about every `seconds`": cron steps restart every
 * minute and hour, so the step is rounded down to a divisor of 60 (90 s becomes every minute).
 */
export function cronEvery(seconds: number): string {
  if (seconds < 60) return `*/${nearestDivisor(Math.round(seconds))} * * * * *`;
  if (seconds < 3600) return `0 */${nearestDivisor(Math.round(seconds / 60))} * * * *`;
  return `0 0 */${Math.min(24, Math.max(1, Math.round(seconds / 3600)))} * * *`;
}
