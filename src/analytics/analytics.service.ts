import { setImmediate } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { CallStatus } from '../calls/record/call-status.js';
import { ITEM_OUTCOMES } from '../item-vocabulary/item-outcomes.js';
import {
  type AnalyticsFilter,
  AnalyticsRepository,
  type BucketRow,
  type CallStatsRow,
  type DayRow,
  CSV_COLUMNS,
  type ExportPosition,
  type ItemStatsRow,
} from './analytics.repository.js';
import { AnalyticsRollupsRepository } from './analytics-rollups.repository.js';
import { medianMinutes } from './commitment-median.js';
import type { AnalyticsQueryDto, SummaryDto } from './dto/analytics.dto.js';
import { summarySources } from './summary-range.js';

/**
 * Calls per page of the export. The process's memory grows with the garbage a page leaves
 * (collected in a sawtooth, not retained): a month of a year's fleet grew it by 135 MB between
 * collections at 500 a page; at 100 by 5–50 MB on a 200,000-call fleet but 127 MB on a
 * million-call one, at about three quarters of the speed. See the README's performance section.
 */
const EXPORT_PAGE_CALLS = 100;
const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The same four figures, from the rollups (whole days) or from the calls (any filter). */
interface FigureSource<Range> {
  callStats(range: Range): Promise<CallStatsRow[]>;
  itemStats(range: Range): Promise<ItemStatsRow[]>;
  commitmentHistogram(range: Range): Promise<BucketRow[]>;
  perDay(range: Range): Promise<DayRow[]>;
}

async function figuresFrom<Range>(source: FigureSource<Range>, range: Range) {
  const [calls, items, buckets, days] = await Promise.all([
    source.callStats(range),
    source.itemStats(range),
    source.commitmentHistogram(range),
    source.perDay(range),
  ]);
  return { calls, items, buckets, days };
}

export function filterOf(query: AnalyticsQueryDto): AnalyticsFilter {
  return {
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    driverId: query.driverId,
  };
}

/** The fleet at a glance, and every call with its items as a spreadsheet. */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly rollups: AnalyticsRollupsRepository,
  ) {}

  /** The figures of the fleet's whole days from the rollups, the rest from the calls. */
  private async figures(filter: AnalyticsFilter) {
    const { days, plain } = summarySources(filter);
    const parts = await Promise.all([
      ...(days ? [figuresFrom(this.rollups, days)] : []),
      ...plain.map((part) => figuresFrom(this.analytics, part)),
    ]);
    return {
      calls: parts.flatMap((part) => part.calls),
      items: parts.flatMap((part) => part.items),
      median: medianMinutes(parts.flatMap((part) => part.buckets)),
      days: parts.flatMap((part) => part.days).sort((a, b) => a.day.localeCompare(b.day)),
    };
  }

  async summary(query: AnalyticsQueryDto): Promise<SummaryDto> {
    const { calls, items, median, days } = await this.figures(filterOf(query));
    const byStatus = Object.fromEntries(Object.values(CallStatus).map((status) => [status, 0]));
    for (const row of calls) byStatus[row.status] = (byStatus[row.status] ?? 0) + row.calls;
    const ended = calls.filter((row) => row.status !== CallStatus.IN_PROGRESS);
    const endedCalls = ended.reduce((sum, row) => sum + row.outbound, 0);
    const answered = ended.reduce((sum, row) => sum + row.answered, 0);
    const byOutcome = Object.fromEntries([...ITEM_OUTCOMES, 'unknown'].map((o) => [o, 0]));
    const byType: Record<string, number> = { violation: 0, reminder: 0 };
    for (const row of items) {
      byOutcome[row.outcome] = (byOutcome[row.outcome] ?? 0) + row.items;
      byType[row.type] = (byType[row.type] ?? 0) + row.items;
    }
    const totalCost = calls.reduce((sum, row) => sum + (row.cost ?? 0), 0);
    const costed = calls.reduce((sum, row) => sum + row.costed, 0);
    const resolved = byOutcome.resolved ?? 0;
    const total = (key: 'connected' | 'transfers' | 'transfers_succeeded') =>
      ended.reduce((sum, row) => sum + row[key], 0);
    const transfers = total('transfers');
    const connected = total('connected');
    return {
      answer_rate: endedCalls > 0 ? round(answered / endedCalls) : null,
      calls: {
        total: calls.reduce((sum, row) => sum + row.calls, 0),
        by_status: byStatus,
        inbound: calls.reduce((sum, row) => sum + row.inbound, 0),
      },
      items: {
        total: items.reduce((sum, row) => sum + row.items, 0),
        by_outcome: byOutcome,
        by_type: byType,
      },
      transfers: {
        total: transfers,
        succeeded: total('transfers_succeeded'),
        failed: transfers - total('transfers_succeeded'),
      },
      transfer_rate: connected > 0 ? round(transfers / connected) : null,
      median_minutes_to_commitment: median === null ? null : round(median, 2),
      cost: {
        total: round(totalCost),
        per_call: costed > 0 ? round(totalCost / costed) : null,
        per_resolved_item: resolved > 0 ? round(totalCost / resolved) : null,
      },
      per_day: days.map((day) => ({
        day: day.day,
        calls: day.calls,
        answered: day.answered,
        items_resolved: day.items_resolved,
        cost: round(day.cost ?? 0),
      })),
    };
  }

  /** The export as CSV text (the header line first), a page of calls at a time. */
  async *csv(query: AnalyticsQueryDto): AsyncGenerator<string> {
    const filter = filterOf(query);
    yield `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;
    for (let after: ExportPosition | null = null; ;) {
      const page = await this.analytics.exportPage(filter, after, EXPORT_PAGE_CALLS);
      if (!page) return;
      yield page.text;
      after = page.last;
      // A turn of the event loop between pages: the embedded database answers without one, and
      // a long export would otherwise hold the process (and miss its client going away).
      await setImmediate();
    }
  }
}
