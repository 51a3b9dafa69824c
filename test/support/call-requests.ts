let counter = 0;

/** A valid Part 1 request; each call gets a fresh driver and timestamp unless given. */
export function callRequest(
  overrides: {
    driverId?: string;
    phoneNumber?: string;
    timestamp?: string;
    details?: { type: string; description: string }[];
  } = {},
) {
  counter += 1;
  return {
    callType: 'violation',
    timestamp:
      overrides.timestamp ??
      new Date(Date.UTC(2025, 10, 21, 15, 30, 0) + counter * 1000)
        .toISOString()
        .replace('.000Z', 'Z'),
    drivers: [
      {
        driverId: overrides.driverId ?? `DRV_${process.pid}_${counter}`,
        driverName: 'John Smith',
        phoneNumber: overrides.phoneNumber ?? '+12192002824',
        customRules: 'Be extra polite, driver is stressed',
        violations: {
          tripId: 'TRIP_78910',
          violationDetails: overrides.details ?? [
            {
              type: 'reminder',
              description: 'Please send loaded trailer pictures when you get a chance',
            },
            {
              type: 'violation',
              description:
                'Your temp is at 45 degrees Fahrenheit but needs to be 38 degrees Fahrenheit',
            },
          ],
        },
      },
    ],
  };
}
