import { type TransferRoute, transferVariables } from '../../escalation/transfer-route.js';

/** What the voicemail says when ELEVENLABS_AGENT_PHONE_NUMBER is not configured. */
const UNKNOWN_CALLBACK_NUMBER = "your dispatcher's number";

export interface CallVariablesInput {
  callSid: string;
  driverId: string | null;
  driverName: string | null;
  tripId: string;
  callType: string;
  itemCount: number;
  companyName: string;
  callbackNumber: string | null;
  /** Where the agent's transfer rules put the driver through (empty when nobody). */
  transfers?: TransferRoute;
}

/**
 * Every dynamic variable the agent's texts and tools use (the voicemail message, the
 * `record_item_outcome` tool's `call_sid`, the transfer rules' numbers), on every path: outbound calls and callbacks, known
 * caller or not. The platform fails a conversation that lacks one.
 */
export function callVariables(input: CallVariablesInput): Record<string, string | number> {
  return {
    call_sid: input.callSid,
    driver_id: input.driverId ?? '',
    driver_name: input.driverName ?? '',
    trip_id: input.tripId,
    call_type: input.callType,
    triggers_count: input.itemCount,
    company_name: input.companyName,
    // The voicemail reads "Please call us back at {{callback_number}}."
    callback_number: input.callbackNumber ?? UNKNOWN_CALLBACK_NUMBER,
    ...transferVariables(input.transfers ?? { dispatcher: null, emergency: null }),
  };
}
