/** "The same turn": the database's `turn_key` (speaker and words, white space folded, case ignored). */
export interface TurnKey {
  key: string;
}

/** Each stored turn and each incoming turn, in the merged conversation order. */
export type MergedEntry<S, I> =
  { kind: 'stored'; stored: S; incoming?: I } | { kind: 'new'; incoming: I };

/**
 * Lines the turns already stored up with ElevenLabs' complete transcript, which decides the
 * order: each incoming turn takes the earliest stored turn with the same speaker and words (so
 * nothing is stored twice, repeated lines included), turns nobody stored are new, and stored
 * turns ElevenLabs does not have stay right after the stored turn they followed.
 */
export function alignTranscripts<S extends TurnKey, I extends TurnKey>(
  stored: S[],
  incoming: I[],
): MergedEntry<S, I>[] {
  const waiting = new Map<string, number[]>();
  stored.forEach((turn, index) => {
    const key = turn.key;
    waiting.set(key, [...(waiting.get(key) ?? []), index]);
  });
  const placed = new Map<number, MergedEntry<S, I>>();
  const merged: MergedEntry<S, I>[] = incoming.map((turn) => {
    const index = waiting.get(turn.key)?.shift();
    if (index === undefined) return { kind: 'new', incoming: turn };
    const entry: MergedEntry<S, I> = { kind: 'stored', stored: stored[index]!, incoming: turn };
    placed.set(index, entry);
    return entry;
  });
  stored.forEach((turn, index) => {
    if (placed.has(index)) return;
    const entry: MergedEntry<S, I> = { kind: 'stored', stored: turn };
    const previous = index > 0 ? placed.get(index - 1) : undefined;
    merged.splice(previous ? merged.indexOf(previous) + 1 : 0, 0, entry);
    placed.set(index, entry);
  });
  return merged;
}
