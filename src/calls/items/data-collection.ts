import type { OutcomeChange } from './call-items.repository.js';
import {
  CALL_COLLECTION_IDS,
  itemCollectionId,
  MAX_ITEMS_PER_CALL,
} from '../../item-vocabulary/data-collection-ids.js';
import { isItemOutcome } from '../../item-vocabulary/item-outcomes.js';

/** What ElevenLabs' data collection (configured by agent:sync) extracted from a call. */
export interface CollectedData {
  items: (OutcomeChange & { item: number })[];
  needsDispatcher: boolean | null;
  driverOptOut: boolean | null;
  driverLanguage: string | null;
  /** The driver could not talk safely or asked to be called later: in this many minutes. */
  callBackInMinutes: number | null;
}

function valueOf(results: Record<string, unknown>, id: string): unknown {
  const result = results[id];
  return result && typeof result === 'object' ? (result as { value?: unknown }).value : undefined;
}

function asNumber(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 && number <= 100_000
    ? number
    : null;
}

/** A call-back further out than a week is no call-back a campaign should wait for. */
function withinAWeek(minutes: number | null): number | null {
  return minutes !== null && minutes <= 7 * 24 * 60 ? minutes : null;
}

function asBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return null;
}

function asText(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;
}

/** Reads `analysis.data_collection_results` leniently: anything malformed counts as not collected. */
export function collectedData(analysis: Record<string, unknown> | null): CollectedData {
  const raw = analysis?.data_collection_results;
  const results = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const items: CollectedData['items'] = [];
  for (let n = 1; n <= MAX_ITEMS_PER_CALL; n++) {
    const outcome = valueOf(results, itemCollectionId(n, 'outcome'));
    if (!isItemOutcome(outcome)) continue;
    items.push({
      item: n,
      outcome,
      etaMinutes: asNumber(valueOf(results, itemCollectionId(n, 'eta_minutes'))),
      driverNote: asText(valueOf(results, itemCollectionId(n, 'note')), 500),
      source: 'post_call',
      updatedBy: 'elevenlabs',
    });
  }
  return {
    items,
    needsDispatcher: asBoolean(valueOf(results, CALL_COLLECTION_IDS.needsDispatcher)),
    driverOptOut: asBoolean(valueOf(results, CALL_COLLECTION_IDS.driverOptOut)),
    driverLanguage: asText(valueOf(results, CALL_COLLECTION_IDS.driverLanguage), 32),
    callBackInMinutes: withinAWeek(
      asNumber(valueOf(results, CALL_COLLECTION_IDS.callBackInMinutes)),
    ),
  };
}
