/**
 * Places one call through Part 1 (`POST /driver_data/call-elevenlabs`) for a driver with the
 * given items; `index` makes the request's timestamp unique. Answers the call's `call_sid`.
 */
export async function placePartOneCall(
  url,
  auth,
  { index, driverId, driverName, phoneNumber, details },
) {
  const response = await fetch(`${url}/driver_data/call-elevenlabs`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      callType: 'violation',
      timestamp: new Date(Date.UTC(2031, 0, 1) + index * 1000).toISOString(),
      drivers: [
        {
          driverId,
          driverName,
          phoneNumber,
          violations: { tripId: 'T', violationDetails: details },
        },
      ],
    }),
  });
  if (!response.ok)
    throw new Error(`placing a call failed: ${response.status} ${await response.text()}`);
  return (await response.json()).call_sid;
}
