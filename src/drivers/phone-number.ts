import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export const DEFAULT_PHONE_REGION = 'US';

/** E.164 (`+12192002824`) for a valid number written any common way, US by default; null otherwise. */
export function toE164(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, DEFAULT_PHONE_REGION);
  return parsed?.isValid() ? parsed.number : null;
}

/** `+1219***2824`: enough to recognise a number in logs without exposing it. */
export function maskPhone(e164: string): string {
  return e164.length > 8 ? `${e164.slice(0, 5)}***${e164.slice(-4)}` : '***';
}
