import { CallTranscription } from '../../src/calls/transcript/call-transcription.entity.js';
import { placeSilentCall } from '../support/fixtures.js';
import { mapConcurrently } from '../support/http-client.js';
import { sendTranscription } from '../support/signed-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DELIVERIES = Number(process.env.REPLAY_DELIVERIES ?? 10_000);

describe(`${DELIVERIES} webhook deliveries replayed three times, half of them racing`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('stores exactly one row per delivery', async () => {
    const calls = await Promise.all(Array.from({ length: 20 }, () => placeSilentCall(t)));
    const deliveries = Array.from({ length: DELIVERIES }, (_, i) => ({
      call_sid: calls[i % calls.length]!.call_sid,
      speaker: i % 2 ? 'user' : 'agent',
      message: `delivery ${i}`,
      timestamp: new Date(Date.UTC(2025, 0, 1) + i).toISOString(),
    }));
    const ok = (status: number) => expect(status).toBe(200);
    // First delivery, then two replays; in each replay, every other delivery races its own copy.
    for (const answer of await mapConcurrently(deliveries, 48, (payload) =>
      sendTranscription(t.url, payload),
    ))
      ok(answer.status);
    for (let round = 0; round < 2; round++) {
      const copies = deliveries.flatMap((payload, i) =>
        i % 2 === 0 ? [payload, payload] : [payload],
      );
      for (const answer of await mapConcurrently(copies, 48, (payload) =>
        sendTranscription(t.url, payload),
      ))
        ok(answer.status);
    }
    const rows = await t.dataSource
      .getRepository(CallTranscription)
      .find({ select: { callId: true, messageText: true, sequenceNumber: true } });
    expect(rows).toHaveLength(DELIVERIES);
    expect(new Set(rows.map((row) => row.messageText)).size).toBe(DELIVERIES);
    const perCall = new Map<number, number[]>();
    for (const row of rows)
      perCall.set(row.callId, [...(perCall.get(row.callId) ?? []), row.sequenceNumber]);
    for (const sequence of perCall.values()) {
      expect(sequence.sort((x, y) => x - y)).toEqual(
        Array.from({ length: sequence.length }, (_, i) => i + 1),
      );
    }
  });
});
