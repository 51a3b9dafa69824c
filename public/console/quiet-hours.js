const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Mexico_City',
  'America/Toronto',
];

/** The browser's zone first, then the usual US ones. */
export function likelyZones() {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [...new Set([own, ...ZONES])];
}

export function isTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `HH:MM` now in `zone`. */
export function localTime(zone, at = new Date()) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

const minutes = (time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether `HH:MM` falls outside the quiet hours (the hours calls are made in; end excluded). */
export function outsideQuietHours(time, { start, end }) {
  const at = minutes(time);
  const inside =
    minutes(start) < minutes(end)
      ? at >= minutes(start) && at < minutes(end)
      : at >= minutes(start) || at < minutes(end);
  return !inside;
}
