import { h } from './dom.js';

/** A transcript as a list a screen reader can follow; new turns are announced (aria-live). */
export function transcriptList(turns, { live = false } = {}) {
  const list = h('ol', {
    class: 'transcript',
    'aria-live': live ? 'polite' : undefined,
    'aria-label': 'Transcript',
  });
  for (const turn of turns) list.append(transcriptItem(turn));
  return list;
}

export function transcriptItem(turn) {
  const speaker = turn.speaker_type === 'agent' ? 'Agent' : 'Driver';
  return h(
    'li',
    { class: `turn turn-${turn.speaker_type}`, dataset: { sequence: turn.sequence_number } },
    h('span', { class: 'speaker' }, speaker),
    h('span', { class: 'text' }, turn.message_text),
    h('time', { datetime: turn.timestamp }, new Date(turn.timestamp).toLocaleTimeString()),
  );
}
