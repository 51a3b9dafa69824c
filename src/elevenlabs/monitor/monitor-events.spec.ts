import { parseMonitorEvent } from './monitor-events.js';

describe('parseMonitorEvent', () => {
  it('reads the three turn events of ELEVENLABS.md §6', () => {
    expect(
      parseMonitorEvent(
        '{"type":"user_transcript","user_transcription_event":{"user_transcript":"Yeah","event_id":12}}',
      ),
    ).toMatchObject({ kind: 'driver', eventId: 12, text: 'Yeah', type: 'user_transcript' });
    expect(
      parseMonitorEvent(
        '{"type":"agent_response","agent_response_event":{"agent_response":"Your reefer","event_id":13}}',
      ),
    ).toMatchObject({ kind: 'agent', eventId: 13, text: 'Your reefer' });
    expect(
      parseMonitorEvent(
        '{"type":"agent_response_correction","agent_response_correction_event":{"original_agent_response":"a b","corrected_agent_response":"a","event_id":13}}',
      ),
    ).toMatchObject({ kind: 'correction', eventId: 13, text: 'a' });
  });

  it.each([
    ['not json', 'nope'],
    [
      'a tentative transcript',
      '{"type":"tentative_user_transcript","tentative_user_transcription_event":{"user_transcript":"Ye","event_id":12}}',
    ],
    [
      'a tool response',
      '{"type":"agent_tool_response","agent_tool_response":{"tool_name":"x","event_id":14}}',
    ],
    [
      'no event_id',
      '{"type":"user_transcript","user_transcription_event":{"user_transcript":"Yeah"}}',
    ],
    [
      'empty words',
      '{"type":"agent_response","agent_response_event":{"agent_response":"  ","event_id":1}}',
    ],
    ['an array', '[1]'],
  ])('ignores %s', (_name, raw) => {
    expect(parseMonitorEvent(raw)).toBeNull();
  });

  it('replaces NUL characters, which PostgreSQL text cannot hold', () => {
    const event = parseMonitorEvent(
      '{"type":"user_transcript","user_transcription_event":{"user_transcript":"a\\u0000b","event_id":1}}',
    );
    expect(event?.text).toBe('a\uFFFDb');
  });
});
