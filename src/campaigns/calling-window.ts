import { DateTime, IANAZone } from 'luxon';

/** Driver-local calling hours, `HH:MM` each; a start after the end runs across midnight. */
export interface CallingWindow {
  start: string;
  end: string;
}

/** A campaign's window, as stored. */
export function windowOf(campaign: { windowStart: string; windowEnd: string }): CallingWindow {
  return { start: campaign.windowStart, end: campaign.windowEnd };
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

export function isKnownTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Whether `at` falls inside the window where the driver lives. */
export function insideWindow(at: Date, zone: string, window: CallingWindow): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * The earliest moment at or after `earliest` inside the window: `earliest` itself when it is
 * inside, else the window's next opening in the driver's zone (where a daylight-saving change
 * skips the opening's wall-clock time, the first moment after the gap).
 */
export function nextDialTime(earliest: Date, zone: string, window: CallingWindow): Date {
  if (insideWindow(earliest, zone, window)) return earliest;
  const start = minutesOf(window.start);
  const wallClock = { hour: Math.floor(start / 60), minute: start % 60, second: 0, millisecond: 0 };
  const local = DateTime.fromJSDate(earliest, { zone });
  let opening = local.set(wallClock);
  if (opening <= local) opening = local.plus({ days: 1 }).set(wallClock);
  return opening.toJSDate();
}
