import { randomBytes } from 'node:crypto';
import type { SimulatedTurn } from './simulated-conversation.js';

export type ToolsCalled = Pick<SimulatedTurn, 'toolCalls' | 'toolResults'>;

/** Tools called before a turn and during it, in order. */
export function withTools(before: ToolsCalled, during: ToolsCalled): ToolsCalled {
  return {
    toolCalls: [...(before.toolCalls ?? []), ...(during.toolCalls ?? [])],
    toolResults: [...(before.toolResults ?? []), ...(during.toolResults ?? [])],
  };
}

/** The agent's language_detection system tool, as its call and result show in the transcript. */
export function languageDetection(language: string): ToolsCalled {
  const requestId = `call_${randomBytes(8).toString('hex')}`;
  const params = { reason: 'The driver speaks Spanish', language };
  return {
    toolCalls: [
      {
        type: 'system',
        request_id: requestId,
        tool_name: 'language_detection',
        params_as_json: JSON.stringify(params),
        tool_has_been_called: true,
        tool_details: null,
      },
    ],
    toolResults: [
      {
        type: 'system',
        request_id: requestId,
        tool_name: 'language_detection',
        result_value: JSON.stringify({ result_type: 'language_detection_success', language }),
        is_error: false,
        tool_has_been_called: true,
        tool_latency_secs: 0.05,
        result: { result_type: 'language_detection_success', status: 'success', language },
      },
    ],
  };
}
