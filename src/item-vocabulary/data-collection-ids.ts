/** At most this many violations and reminders in one call (ElevenLabs' data collection has a slot each). */
export const MAX_ITEMS_PER_CALL = 10;

/** The per-item data collection ids agent:sync configures: item_{n}_outcome, _eta_minutes, _note. */
export const itemCollectionId = (n: number, field: 'outcome' | 'eta_minutes' | 'note') =>
  `item_${n}_${field}`;

/** The per-call data collection ids agent:sync configures, and the post-call analysis reads. */
export const CALL_COLLECTION_IDS = {
  driverOptOut: 'driver_opt_out',
  needsDispatcher: 'needs_dispatcher',
  driverLanguage: 'driver_language',
  callBackInMinutes: 'call_back_in_minutes',
} as const;
