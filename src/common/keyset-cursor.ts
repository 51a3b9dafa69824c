/** A page boundary of a newest-first list: the last row's time and id, opaque to clients. */
export interface KeysetPosition {
  at: Date;
  id: number;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString(
    'base64url',
  );
}

/** The position a cursor names, or null when it is not one this API issued. */
export function decodeCursor(cursor: string): KeysetPosition | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && Number.isSafeInteger(id))
      return { at: new Date(at), id: id as number };
  } catch {
    // not ours
  }
  return null;
}
