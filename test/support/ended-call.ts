import request from 'supertest';
import { until } from './until.js';

/** `GET /calls/{id}` as the given user, read until the call is no longer IN_PROGRESS. */
export function endedCall<T extends { status: string }>(
  url: string,
  auth: { authorization: string },
  callSid: string,
): Promise<T> {
  return until(
    async () =>
      (
        await request(url)
          .get(`/calls/${encodeURIComponent(callSid)}`)
          .set(auth)
          .expect(200)
      ).body as T,
    (call) => call.status !== 'IN_PROGRESS',
  );
}
