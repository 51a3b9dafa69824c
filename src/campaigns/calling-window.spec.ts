import { insideWindow, isKnownTimeZone, nextDialTime } from './calling-window.js';

const day = { start: '09:00', end: '17:00' };
const night = { start: '22:00', end: '06:00' };

describe('calling windows', () => {
  it('knows IANA zones and refuses others', () => {
    expect(isKnownTimeZone('America/Chicago')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('tells inside from outside in the driver-local time, end excluded', () => {
    // 15:00 UTC is 09:00 in Chicago (CST, UTC-6) on this date.
    expect(insideWindow(new Date('2026-01-15T15:00:00Z'), 'America/Chicago', day)).toBe(true);
    expect(insideWindow(new Date('2026-01-15T14:59:00Z'), 'America/Chicago', day)).toBe(false);
    expect(insideWindow(new Date('2026-01-15T23:00:00Z'), 'America/Chicago', day)).toBe(false);
    expect(insideWindow(new Date('2026-01-15T22:59:00Z'), 'America/Chicago', day)).toBe(true);
  });

  it('handles windows across midnight', () => {
    expect(insideWindow(new Date('2026-01-15T23:30:00Z'), 'UTC', night)).toBe(true);
    expect(insideWindow(new Date('2026-01-15T05:59:00Z'), 'UTC', night)).toBe(true);
    expect(insideWindow(new Date('2026-01-15T12:00:00Z'), 'UTC', night)).toBe(false);
  });

  it('waits for the next opening: later today or tomorrow', () => {
    expect(nextDialTime(new Date('2026-01-15T10:00:00Z'), 'America/Chicago', day)).toEqual(
      new Date('2026-01-15T15:00:00Z'),
    );
    expect(nextDialTime(new Date('2026-01-15T23:30:00Z'), 'America/Chicago', day)).toEqual(
      new Date('2026-01-16T15:00:00Z'),
    );
    const inside = new Date('2026-01-15T16:00:00Z');
    expect(nextDialTime(inside, 'America/Chicago', day)).toBe(inside);
  });

  it('opens at the local wall-clock time across a daylight-saving change', () => {
    // US clocks go forward on 2026-03-08: 09:00 CDT is 14:00 UTC that day.
    expect(nextDialTime(new Date('2026-03-08T05:00:00Z'), 'America/Chicago', day)).toEqual(
      new Date('2026-03-08T14:00:00Z'),
    );
    // A window opening in the skipped hour (02:30) opens right after the gap.
    const opening = nextDialTime(new Date('2026-03-08T06:00:00Z'), 'America/Chicago', {
      start: '02:30',
      end: '05:00',
    });
    expect(insideWindow(opening, 'America/Chicago', { start: '02:30', end: '05:00' })).toBe(true);
    expect(opening.getTime()).toBeLessThanOrEqual(new Date('2026-03-08T08:30:00Z').getTime());
  });
});
