import { asObject } from '../../common/json-object.js';
import type { Conversation } from '../../elevenlabs/elevenlabs.types.js';

/** A call's transfer to a person, as the post-call data shows it. */
export interface CallTransfer {
  /** The number the driver was put through (or tried to be put through) to. */
  to: string | null;
  /** Why, in the agent's words. */
  reason: string | null;
  at: Date;
  succeeded: boolean;
}

const TOOL = 'transfer_to_number';
const MAX_NUMBER_LENGTH = 32;
const MAX_REASON_LENGTH = 1000;

function parsedJson(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return asObject(value);
  try {
    return asObject(JSON.parse(value));
  } catch {
    return null;
  }
}

const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;

const entries = (value: unknown) => (Array.isArray(value) ? value.map(asObject) : []);

/**
 * The call's last `transfer_to_number` result (ELEVENLABS.md §8): `transfer_to_number_*_success`
 * put the driver through; `transfer_to_number_error` (or a result marked as an error) did not.
 * The number and reason come from the result, else from the tool call the LLM made.
 */
export function transferOf(conversation: Conversation, callStart: Date): CallTransfer | null {
  const metadata = asObject(conversation.metadata);
  const start =
    typeof metadata?.start_time_unix_secs === 'number'
      ? new Date(metadata.start_time_unix_secs * 1000)
      : callStart;
  const params = new Map<string, Record<string, unknown>>();
  let transfer: CallTransfer | null = null;
  for (const turn of entries(conversation.transcript)) {
    for (const call of entries(turn?.tool_calls)) {
      if (call?.tool_name === TOOL && typeof call.request_id === 'string')
        params.set(call.request_id, parsedJson(call.params_as_json) ?? {});
    }
    for (const result of entries(turn?.tool_results)) {
      if (!result) continue;
      const detail = asObject(result.result) ?? parsedJson(result.result_value);
      const type = typeof detail?.result_type === 'string' ? detail.result_type : '';
      if (result.tool_name !== TOOL && !type.startsWith(TOOL)) continue;
      const asked =
        typeof result.request_id === 'string' ? (params.get(result.request_id) ?? null) : null;
      const offset = typeof turn?.time_in_call_secs === 'number' ? turn.time_in_call_secs : 0;
      transfer = {
        to: text(detail?.transfer_number ?? asked?.transfer_number, MAX_NUMBER_LENGTH),
        reason: text(detail?.reason ?? asked?.reason, MAX_REASON_LENGTH),
        at: new Date(start.getTime() + Math.max(0, offset) * 1000),
        succeeded: result.is_error !== true && type.startsWith(TOOL) && type.endsWith('_success'),
      };
    }
  }
  return transfer;
}
