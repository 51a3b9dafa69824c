import type { CallAttempt } from '../placement/call-attempt.js';
import type { PlacedCall } from '../placement/call-placement.service.js';
import type { PlaceCallDto, PlaceCallResponseDto } from './place-call.dto.js';

/** Part 1's body as an attempt: only the first driver is called. */
export function attemptFromRequest(body: PlaceCallDto): CallAttempt {
  const driver = body.drivers[0]!;
  return {
    driver: {
      driverId: driver.driverId,
      driverName: driver.driverName,
      phoneNumber: driver.phoneNumber,
      language: driver.language,
    },
    tripId: driver.violations.tripId,
    items: driver.violations.violationDetails,
    callType: body.callType,
    customRules: driver.customRules ?? null,
    requestedAt: body.timestamp,
    origin: { kind: 'dispatcher' },
  };
}

/** Part 1's answer (follow-ups answer the same way). */
export function placeCallResponse({ call, driver }: PlacedCall): PlaceCallResponseDto {
  return {
    message: 'Call initiated successfully via ElevenLabs',
    timestamp: call.requestTimestamp,
    driver: {
      driverId: driver.driverId,
      driverName: driver.driverName,
      phoneNumber: driver.phoneNumber,
    },
    call_sid: call.callSid,
    conversation_id: call.conversationId,
    callSid: call.twilioCallSid,
    triggers_count: call.violations.length,
  };
}
