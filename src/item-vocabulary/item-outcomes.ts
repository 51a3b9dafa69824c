/** What the driver said about one violation or reminder. */
export const ITEM_OUTCOMES = [
  'resolved',
  'will_fix',
  'acknowledged',
  'disputed',
  'not_discussed',
] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

/** Who set an item's outcome: the agent during the call, ElevenLabs' analysis after it, a dispatcher. */
export type ItemOutcomeSource = 'live' | 'post_call' | 'dispatcher';

/** Outcomes that close an item: it leaves the follow-up queue. */
export const SETTLED_OUTCOMES: readonly ItemOutcome[] = ['resolved', 'acknowledged'];

export function isItemOutcome(value: unknown): value is ItemOutcome {
  return typeof value === 'string' && (ITEM_OUTCOMES as readonly string[]).includes(value);
}
