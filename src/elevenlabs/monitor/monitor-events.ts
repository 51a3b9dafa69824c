import { replaceNul } from '../../common/nul-characters.js';

/** What the service takes from the conversation monitoring socket (ELEVENLABS.md §6). */
export type MonitorTurnEvent =
  | { kind: 'driver'; eventId: number; text: string; raw: string; type: string }
  | { kind: 'agent'; eventId: number; text: string; raw: string; type: string }
  | { kind: 'correction'; eventId: number; text: string; raw: string; type: string };

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * One frame of the socket, JSON mode. Tentative transcripts, tool responses and anything unknown
 * are not turns (null); so is a frame without text or a numeric event_id.
 */
export function parseMonitorEvent(raw: string): MonitorTurnEvent | null {
  let frame: Record<string, unknown> | undefined;
  try {
    frame = record(JSON.parse(raw));
  } catch {
    return null;
  }
  const type = typeof frame?.type === 'string' ? frame.type : '';
  const read = (bodyKey: string, textKey: string, kind: MonitorTurnEvent['kind']) => {
    const body = record(frame?.[bodyKey]);
    const text = body?.[textKey];
    const eventId = body?.event_id;
    if (typeof text !== 'string' || !text.trim() || typeof eventId !== 'number') return null;
    return { kind, eventId, text: replaceNul(text), raw: replaceNul(raw), type };
  };
  switch (type) {
    case 'user_transcript':
      return read('user_transcription_event', 'user_transcript', 'driver');
    case 'agent_response':
      return read('agent_response_event', 'agent_response', 'agent');
    case 'agent_response_correction':
      return read('agent_response_correction_event', 'corrected_agent_response', 'correction');
    default:
      return null;
  }
}
