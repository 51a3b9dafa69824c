import { HttpStatus } from '@nestjs/common';
import { featureException } from './feature.exception.js';
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

export class KeysetCursorException extends featureException({
  INVALID_CURSOR: HttpStatus.BAD_REQUEST,
}) {}

/** The position an optional `cursor` parameter names; a cursor this API did not issue is a 400. */
export function cursorPosition(cursor: string | undefined): KeysetPosition | undefined {
  if (!cursor) return undefined;
  const position = decodeCursor(cursor);
  if (!position)
    throw new KeysetCursorException('INVALID_CURSOR', 'cursor is not one this API issued');
  return position;
}

/** The rows of one page (a query asks for `limit + 1`), and the cursor of the next, if any. */
export function keysetPage<Row>(
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => KeysetPosition,
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    page,
    nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null,
  };
}
