/** The languages calls are made in: the agent speaks these, prompts are written for them. */
export const CALL_LANGUAGES = ['en', 'es'] as const;
export type CallLanguage = (typeof CALL_LANGUAGES)[number];
export const DEFAULT_CALL_LANGUAGE: CallLanguage = 'en';

/** Who set a driver's language: a person (Part 1, a campaign, PATCH) wins over what they spoke. */
export type LanguageSource = 'dispatcher' | 'platform';

export function isCallLanguage(value: unknown): value is CallLanguage {
  return typeof value === 'string' && (CALL_LANGUAGES as readonly string[]).includes(value);
}

/** The language to call in: the one asked for, else the driver's on record, else English. */
export function callLanguageOf(
  asked: string | null | undefined,
  onRecord: string | null,
): CallLanguage {
  if (isCallLanguage(asked)) return asked;
  return isCallLanguage(onRecord) ? onRecord : DEFAULT_CALL_LANGUAGE;
}
