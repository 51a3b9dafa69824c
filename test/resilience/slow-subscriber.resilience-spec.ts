import { placeSilentCall } from '../support/fixtures.js';
import { mapConcurrently } from '../support/http-client.js';
import { sendTranscription } from '../support/signed-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { connectWs } from '../support/ws-client.js';

describe('a subscriber that stops reading', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is closed once its buffer passes 1 MiB, and the server does not keep the backlog', async () => {
    const { call_sid } = await placeSilentCall(t);
    const stalled = await connectWs(t.wsUrl, t.token());
    stalled.send({ subscribe: call_sid });
    await stalled.waitFor((m) => m.type === 'subscription_confirmed');
    const socket = (stalled.ws as unknown as { _socket: { pause(): void; resume(): void } })
      ._socket;
    socket.pause();
    global.gc?.();
    const before = process.memoryUsage().arrayBuffers + process.memoryUsage().external;
    const turn = 'x'.repeat(19_000);
    // About 60 MB of messages for a socket that reads none of them.
    const turns = Array.from({ length: 3000 }, (_, i) => ({
      call_sid,
      speaker: 'agent',
      message: `${i} ${turn}`,
      timestamp: new Date(Date.UTC(2025, 0, 1) + i).toISOString(),
    }));
    for (const answer of await mapConcurrently(turns, 32, (payload) =>
      sendTranscription(t.url, payload),
    ))
      expect(answer.status).toBe(200);
    const after = process.memoryUsage().arrayBuffers + process.memoryUsage().external;
    socket.resume();
    // The client learns of the close once it reads again.
    expect((await stalled.closed).code).toBe(1006);
    expect((after - before) / 1024 / 1024).toBeLessThan(20);
    const listener = await connectWs(t.wsUrl, t.token());
    listener.send({ subscribe: call_sid, since: 2990 });
    await listener.waitFor((m) => m.type === 'transcription' && m.sequence_number === 3000);
    listener.close();
  });
});
