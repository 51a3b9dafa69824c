import type { SpeakerType } from './entities/speaker-type.js';

export interface TurnKey {
  speaker: SpeakerType;
  text: string;
}

/** Each stored turn and each incoming turn, in the merged conversation order. */
export type MergedEntry<S, I> = { kind: 'stored'; stored: S; incoming?: I } | { kind: 'new'; incoming: I };

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Lines up the turns already stored with a complete transcript (longest common subsequence on
 * speaker and text), so turns the webhooks missed land where they were said and turns already
 * there are not added twice. Stored turns keep their relative order.
 */
export function alignTranscripts<S extends TurnKey, I extends TurnKey>(stored: S[], incoming: I[]): MergedEntry<S, I>[] {
  const a = stored.map((turn) => `${turn.speaker}|${normalise(turn.text)}`);
  const b = incoming.map((turn) => `${turn.speaker}|${normalise(turn.text)}`);
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const merged: MergedEntry<S, I>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      merged.push({ kind: 'stored', stored: stored[i++]!, incoming: incoming[j++]! });
    } else if (j < b.length && (i >= a.length || lengths[i * width + j + 1]! >= lengths[(i + 1) * width + j]!)) {
      merged.push({ kind: 'new', incoming: incoming[j++]! });
    } else {
      merged.push({ kind: 'stored', stored: stored[i++]! });
    }
  }
  return merged;
}
