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

/** A system tool's call and its typed result, as the transcript shows them. */
export function systemToolCalled(
  toolName: string,
  params: Record<string, unknown>,
  result: Record<string, unknown>,
  latencySecs: number,
): ToolsCalled {
  const requestId = `call_${randomBytes(8).toString('hex')}`;
  return {
    toolCalls: [
      {
        type: 'system',
        request_id: requestId,
        tool_name: toolName,
        params_as_json: JSON.stringify(params),
        tool_has_been_called: true,
        tool_details: null,
      },
    ],
    toolResults: [
      {
        type: 'system',
        request_id: requestId,
        tool_name: toolName,
        result_value: JSON.stringify(result),
        is_error: result.status === 'error',
        tool_has_been_called: true,
        tool_latency_secs: latencySecs,
        result,
      },
    ],
  };
}

/** The agent's language_detection system tool switching the call's language. */
export function languageDetection(language: string): ToolsCalled {
  return systemToolCalled(
    'language_detection',
    { reason: 'The driver speaks Spanish', language },
    { result_type: 'language_detection_success', status: 'success', language },
    0.05,
  );
}
