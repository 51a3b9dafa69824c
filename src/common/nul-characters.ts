import type { NextFunction, Request, Response } from 'express';

/** PostgreSQL text and jsonb cannot hold U+0000, so it never gets as far as the database. */
const NUL = '\u0000';

export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => key.includes(NUL) || containsNul(item));
  }
  return false;
}

/** For webhooks, which must not be refused: NUL characters become U+FFFD. */
export function replaceNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes(NUL) ? value.replaceAll(NUL, '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map(replaceNul) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key.replaceAll(NUL, '\uFFFD'), replaceNul(item)]),
    ) as T;
  }
  return value;
}

/** 400 for a NUL character in the URL or in a JSON body of the API. */
export function refuseNulCharacters(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (/%00/i.test(request.url) || (!Buffer.isBuffer(request.body) && containsNul(request.body))) {
    response.status(400).json({ detail: 'Text must not contain NUL (U+0000) characters' });
    return;
  }
  next();
}
