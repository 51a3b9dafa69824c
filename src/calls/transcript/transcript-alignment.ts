/** "The same turn": the database's `turn_key` (`SPEAKER|words`, white space folded, case ignored). */
export interface TurnKey {
  key: string;
}

/** Each stored turn and each incoming turn, in the merged conversation order. */
export type MergedEntry<S, I> =
  { kind: 'stored'; stored: S; incoming?: I; reworded?: boolean } | { kind: 'new'; incoming: I };

/** Below this share of common words two turns are not taken for the same one said differently. */
const MIN_SIMILARITY = 0.3;

function speakerOf(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

function wordsOf(key: string): Set<string> {
  return new Set(
    key
      .slice(key.indexOf('|') + 1)
      .split(' ')
      .map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''))
      .filter(Boolean),
  );
}

/** Dice coefficient of the two turns' words. */
function similarity(a: string, b: string): number {
  const x = wordsOf(a);
  const y = wordsOf(b);
  if (x.size + y.size === 0) return 1;
  let common = 0;
  for (const word of x) if (y.has(word)) common++;
  return (2 * common) / (x.size + y.size);
}

/**
 * Lines the turns already stored up with ElevenLabs' complete transcript, which decides the
 * order and the wording:
 * 1. each incoming turn takes the earliest stored turn with the same key (so nothing is stored
 *    twice, repeated lines included);
 * 2. a stored turn left over that sits where an unmatched incoming turn of the same speaker was
 *    said (between the same matched neighbours) and says much the same is that turn in other
 *    words (a live transcription): it is kept and `reworded` to ElevenLabs' text;
 * 3. the remaining incoming turns are new, and stored turns ElevenLabs does not have stay right
 *    after the stored turn they followed.
 */
export function alignTranscripts<S extends TurnKey, I extends TurnKey>(
  stored: S[],
  incoming: I[],
): MergedEntry<S, I>[] {
  const waiting = new Map<string, number[]>();
  stored.forEach((turn, index) => {
    waiting.set(turn.key, [...(waiting.get(turn.key) ?? []), index]);
  });
  const placed = new Map<number, MergedEntry<S, I>>();
  const merged: MergedEntry<S, I>[] = incoming.map((turn) => {
    const index = waiting.get(turn.key)?.shift();
    if (index === undefined) return { kind: 'new', incoming: turn };
    const entry: MergedEntry<S, I> = { kind: 'stored', stored: stored[index]!, incoming: turn };
    placed.set(index, entry);
    return entry;
  });
  rewordLeftovers(stored, merged, placed);
  stored.forEach((turn, index) => {
    if (placed.has(index)) return;
    const entry: MergedEntry<S, I> = { kind: 'stored', stored: turn };
    const previous = index > 0 ? placed.get(index - 1) : undefined;
    merged.splice(previous ? merged.indexOf(previous) + 1 : 0, 0, entry);
    placed.set(index, entry);
  });
  return merged;
}

function rewordLeftovers<S extends TurnKey, I extends TurnKey>(
  stored: S[],
  merged: MergedEntry<S, I>[],
  placed: Map<number, MergedEntry<S, I>>,
): void {
  const matchedBefore = (index: number) => {
    for (let i = index - 1; i >= 0; i--) if (placed.has(i)) return placed.get(i)!;
    return undefined;
  };
  const matchedAfter = (index: number) => {
    for (let i = index + 1; i < stored.length; i++) if (placed.has(i)) return placed.get(i)!;
    return undefined;
  };
  stored.forEach((turn, index) => {
    if (placed.has(index)) return;
    const before = matchedBefore(index);
    const after = matchedAfter(index);
    const from = before ? merged.indexOf(before) + 1 : 0;
    const to = after ? merged.indexOf(after) : merged.length;
    let best = -1;
    let bestScore = MIN_SIMILARITY;
    for (let position = from; position < to; position++) {
      const entry = merged[position]!;
      if (entry.kind !== 'new' || speakerOf(entry.incoming.key) !== speakerOf(turn.key)) continue;
      const score = similarity(turn.key, entry.incoming.key);
      if (score >= bestScore) {
        best = position;
        bestScore = score;
        if (score === 1) break;
      }
    }
    if (best < 0) return;
    const entry: MergedEntry<S, I> = {
      kind: 'stored',
      stored: turn,
      incoming: (merged[best] as { incoming: I }).incoming,
      reworded: true,
    };
    merged[best] = entry;
    placed.set(index, entry);
  });
}
