import { type CallingWindow, insideWindow, nextDialTime } from './calling-window.js';

const MINUTES_A_DAY = 24 * 60;

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

function coversMinute(window: CallingWindow, minute: number): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** Whether some minute of the day falls inside both windows. */
export function windowsOverlap(a: CallingWindow, b: CallingWindow): boolean {
  for (let minute = 0; minute < MINUTES_A_DAY; minute++)
    if (coversMinute(a, minute) && coversMinute(b, minute)) return true;
  return false;
}

/**
 * When a campaign may dial a driver: inside its calling window and inside QUIET_HOURS, both in
 * the driver's local time (daylight saving included), whatever the window says.
 */
export class DialHours {
  constructor(
    readonly window: CallingWindow,
    readonly quietHours: CallingWindow,
  ) {}

  allows(at: Date, zone: string): boolean {
    return insideWindow(at, zone, this.window) && insideWindow(at, zone, this.quietHours);
  }

  /**
   * The earliest moment at or after `earliest` that both allow. Should the two never overlap
   * (QUIET_HOURS changed after the campaign was made), the quiet hours win.
   */
  next(earliest: Date, zone: string): Date {
    let at = earliest;
    for (let step = 0; step < 6; step++) {
      if (this.allows(at, zone)) return at;
      at = nextDialTime(nextDialTime(at, zone, this.window), zone, this.quietHours);
    }
    return nextDialTime(earliest, zone, this.quietHours);
  }

  /** Why a driver in `zone` cannot be dialled at `at`, in words for the campaign page (null: they can). */
  reasonToWait(at: Date, zone: string): string | null {
    if (!insideWindow(at, zone, this.quietHours))
      return `quiet hours: calls open ${this.quietHours.start} ${zone} time (calls only ${this.quietHours.start}-${this.quietHours.end})`;
    if (!insideWindow(at, zone, this.window))
      return `calling window opens ${this.window.start} ${zone} time (${this.window.start}-${this.window.end})`;
    return null;
  }
}
