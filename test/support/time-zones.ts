/**
 * An `Etc/GMT` zone whose local hour is now in [from, to) (Etc/GMT-5 is UTC+5): tests about
 * driver-local hours pick their zone by the hour they run at.
 */
export function zoneWhereLocalHourIn(from: number, to: number): string {
  const utcHour = new Date().getUTCHours();
  for (let offset = -12; offset <= 14; offset++) {
    const local = (utcHour + offset + 24) % 24;
    if (local >= from && local < to)
      return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  }
  throw new Error(`No zone has a local hour in [${from}, ${to})`);
}

/** `HH:MM` of `at` in `zone`. */
export function localTime(at: string | Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}
