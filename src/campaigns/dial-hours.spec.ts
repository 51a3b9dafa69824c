import { DialHours, windowsOverlap } from './dial-hours.js';

const quiet = { start: '08:00', end: '21:00' };
const allDay = new DialHours({ start: '00:00', end: '23:59' }, quiet);

describe('dial hours: the calling window and QUIET_HOURS, driver-local', () => {
  it('never dials at 3 a.m. local, whatever the window says', () => {
    // 09:00Z is 03:00 in Chicago (CST) on this date.
    const night = new Date('2026-01-15T09:00:00Z');
    expect(allDay.allows(night, 'America/Chicago')).toBe(false);
    expect(allDay.next(night, 'America/Chicago')).toEqual(new Date('2026-01-15T14:00:00Z'));
    expect(allDay.reasonToWait(night, 'America/Chicago')).toBe(
      'quiet hours: calls open 08:00 America/Chicago time (calls only 08:00-21:00)',
    );
    // The same instant is 10:00 in Berlin: inside.
    expect(allDay.allows(night, 'Europe/Berlin')).toBe(true);
    expect(allDay.reasonToWait(night, 'Europe/Berlin')).toBeNull();
  });

  it('keeps local 08:00 across daylight saving, spring and autumn', () => {
    // 2026-03-08: Chicago moves from CST (UTC-6) to CDT (UTC-5) at 02:00.
    expect(allDay.next(new Date('2026-03-08T09:00:00Z'), 'America/Chicago')).toEqual(
      new Date('2026-03-08T13:00:00Z'),
    );
    expect(allDay.next(new Date('2026-03-07T09:00:00Z'), 'America/Chicago')).toEqual(
      new Date('2026-03-07T14:00:00Z'),
    );
    // 2026-11-01: back to CST at 02:00; 07:30Z is 01:30 CST after the change... or CDT before.
    expect(allDay.next(new Date('2026-11-01T07:30:00Z'), 'America/Chicago')).toEqual(
      new Date('2026-11-01T14:00:00Z'),
    );
    expect(allDay.next(new Date('2026-10-31T07:30:00Z'), 'America/Chicago')).toEqual(
      new Date('2026-10-31T13:00:00Z'),
    );
  });

  it('dials only where the window and the quiet hours meet', () => {
    const evening = new DialHours({ start: '18:00', end: '23:00' }, quiet);
    expect(evening.next(new Date('2026-01-15T12:00:00Z'), 'UTC')).toEqual(
      new Date('2026-01-15T18:00:00Z'),
    );
    // 21:30: the window is open, the quiet hours are not: tomorrow at 18:00.
    expect(evening.next(new Date('2026-01-15T21:30:00Z'), 'UTC')).toEqual(
      new Date('2026-01-16T18:00:00Z'),
    );
    expect(evening.reasonToWait(new Date('2026-01-15T12:00:00Z'), 'UTC')).toBe(
      'calling window opens 18:00 UTC time (18:00-23:00)',
    );
  });

  it('knows windows that never meet the quiet hours', () => {
    expect(windowsOverlap({ start: '22:00', end: '06:00' }, quiet)).toBe(false);
    expect(windowsOverlap({ start: '20:59', end: '06:00' }, quiet)).toBe(true);
    expect(windowsOverlap({ start: '09:00', end: '17:00' }, { start: '00:00', end: '00:00' })).toBe(
      true,
    );
  });
});
