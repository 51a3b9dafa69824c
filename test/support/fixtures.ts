import request from 'supertest';
import { callRequest } from './call-requests.js';
import type { TestApp } from './test-app.js';

/** A silent call: placed through the API, but the simulator sends no webhooks, so the test does. */
export async function placeSilentCall(
  t: TestApp,
  overrides: Parameters<typeof callRequest>[0] = {},
) {
  const response = await request(t.url)
    .post('/driver_data/call-elevenlabs')
    .set('authorization', `Bearer ${t.token()}`)
    .send(callRequest({ phoneNumber: '+15005550008', ...overrides }))
    .expect(200);
  return response.body as {
    call_sid: string;
    conversation_id: string;
    callSid: string;
    driver: { driverId: string };
  };
}

/** A post_call_transcription `data` as ElevenLabs sends it. */
export function postCallData(
  conversationId: string,
  turns: { role: 'agent' | 'user'; message: string; time_in_call_secs: number }[],
  overrides: {
    callSid?: string;
    callSuccessful?: string | null;
    duration?: number;
    start?: number;
  } = {},
) {
  const analysis: Record<string, unknown> = {
    evaluation_criteria_results: {},
    data_collection_results: {},
    transcript_summary: 'Driver acknowledged the temperature issue.',
    call_summary_title: 'Temperature fixed',
  };
  if (overrides.callSuccessful !== null)
    analysis.call_successful = overrides.callSuccessful ?? 'success';
  return {
    agent_id: 'agent_x',
    conversation_id: conversationId,
    status: 'done',
    transcript: turns.map((turn) => ({
      ...turn,
      tool_calls: null,
      tool_results: null,
      feedback: null,
      conversation_turn_metrics: null,
    })),
    metadata: {
      start_time_unix_secs: overrides.start ?? 1763692996,
      call_duration_secs: overrides.duration ?? 145,
      cost: 531,
      cost_fiat: 0.08,
      termination_reason: 'Call ended by remote party',
      phone_call: {
        direction: 'outbound',
        agent_number: '+12196541187',
        external_number: '+12192002824',
        type: 'twilio',
        call_sid: 'CAxyz',
      },
    },
    analysis,
    conversation_initiation_client_data: {
      dynamic_variables: overrides.callSid ? { call_sid: overrides.callSid } : {},
    },
  };
}
