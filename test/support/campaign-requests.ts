let counter = 0;

/** A driver as campaigns take them (Part 1's driver object, with an optional timezone). */
export function campaignDriver(
  phoneNumber = '+12192002824',
  overrides: { driverId?: string; timezone?: string } = {},
) {
  counter += 1;
  return {
    driverId: overrides.driverId ?? `CMP_${process.pid}_${counter}`,
    driverName: `Driver ${counter}`,
    phoneNumber,
    ...(overrides.timezone ? { timezone: overrides.timezone } : {}),
    violations: {
      tripId: `TRIP_${counter}`,
      violationDetails: [
        { type: 'violation', description: 'Your reefer is at 45 degrees but must be 38' },
      ],
    },
  };
}

function hhmm(date: Date): string {
  return date.toISOString().slice(11, 16);
}

/** A UTC calling window open from two hours ago to two hours from now. */
export function windowAroundNow(): { start: string; end: string } {
  const now = Date.now();
  return { start: hhmm(new Date(now - 2 * 3600_000)), end: hhmm(new Date(now + 2 * 3600_000)) };
}

export function campaignRequest(
  drivers: ReturnType<typeof campaignDriver>[],
  overrides: Record<string, unknown> = {},
) {
  return {
    name: 'Reefers on lane 12',
    callType: 'violation',
    timezone: 'UTC',
    calling_window: windowAroundNow(),
    concurrency: 2,
    retry: { max_attempts: 2, delay_seconds: 1 },
    drivers,
    ...overrides,
  };
}
