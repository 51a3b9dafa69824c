import type { AnalyticsFilter } from './analytics.repository.js';
import type { DayRange } from './analytics-rollups.repository.js';

const DAY_MS = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const isMidnight = (at: Date) => at.getTime() % DAY_MS === 0;
const startOfDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

/** Where a summary's figures come from: whole UTC days from the rollups, the rest from calls. */
export interface SummarySources {
  days: DayRange | null;
  /** Parts of days (at most two, at the edges), or the whole filter for one driver. */
  plain: AnalyticsFilter[];
}

/**
 * Splits a report's range: one driver's calls are few and read as they are; the fleet's whole
 * days come from the rollups, and an edge that starts or ends inside a day from the calls.
 */
export function summarySources(filter: AnalyticsFilter): SummarySources {
  if (filter.driverId) return { days: null, plain: [filter] };
  const { from, to } = filter;
  const firstWholeDay =
    from && !isMidnight(from) ? new Date(startOfDay(from).getTime() + DAY_MS) : from;
  const endOfWholeDays = to && startOfDay(to);
  if (firstWholeDay && endOfWholeDays && firstWholeDay >= endOfWholeDays)
    return { days: null, plain: [filter] };
  const plain: AnalyticsFilter[] = [];
  if (from && firstWholeDay && from < firstWholeDay) plain.push({ from, to: firstWholeDay });
  if (to && endOfWholeDays && endOfWholeDays < to) plain.push({ from: endOfWholeDays, to });
  return {
    days: {
      from: firstWholeDay && dayOf(firstWholeDay),
      to: endOfWholeDays && dayOf(endOfWholeDays),
    },
    plain,
  };
}
