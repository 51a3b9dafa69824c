import type { AppConfig } from '../../config/app-config.js';
import type { OutboundCallRequest } from '../../elevenlabs/elevenlabs.types.js';
import type { Call } from '../record/call.entity.js';
import { callVariables } from './call-variables.js';
import { buildPrompt, type CallerIdentity } from './prompt-builder.js';

/**
 * What ElevenLabs is asked to dial: this call's prompt and the first message stored with it, and
 * the dynamic variables the agent's texts use (the voicemail message names the company, the trip
 * and the call-back number).
 */
export function outboundCallRequest(
  call: Call,
  driver: { driverId: string; driverName: string; phoneNumber: string },
  caller: CallerIdentity,
  config: AppConfig,
): OutboundCallRequest {
  if (!call.firstMessage) throw new Error(`Call ${call.callSid} has no first message to send`);
  return {
    agent_id: config.elevenLabs.agentId,
    agent_phone_number_id: config.elevenLabs.agentPhoneNumberId,
    to_number: driver.phoneNumber,
    conversation_initiation_client_data: {
      conversation_config_override: {
        agent: {
          prompt: {
            prompt: buildPrompt({
              driverName: driver.driverName,
              tripId: call.tripId,
              details: call.violations,
              customRules: call.customRules,
              caller,
              language: call.language,
            }),
          },
          first_message: call.firstMessage,
          language: call.language,
        },
      },
      dynamic_variables: callVariables({
        callSid: call.callSid,
        driverId: driver.driverId,
        driverName: driver.driverName,
        tripId: call.tripId,
        callType: call.callType,
        itemCount: call.violations.length,
        companyName: caller.companyName,
        callbackNumber: caller.callbackNumber,
        transfers: caller.transfers,
      }),
      user_id: driver.driverId,
    },
  };
}
