import request from 'supertest';
import { callRequest } from './support/call-requests.js';
import { placeSilentCall } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { connectWs } from './support/ws-client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Part 5 limits: subscriptions per socket and messages per second', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        WS_MAX_SUBSCRIPTIONS: '2',
        WS_MAX_MESSAGES_PER_SECOND: '5',
        SIMULATOR_TURN_DELAY_MS: '400',
      },
    });
  });
  afterAll(() => t.close());

  async function placeTalkingCall(): Promise<string> {
    const response = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set('authorization', `Bearer ${t.token()}`)
      .send(callRequest())
      .expect(200);
    return response.body.call_sid as string;
  }

  it('caps subscriptions per socket; the ones it has keep streaming', async () => {
    const talking = await placeTalkingCall();
    const [silentA, silentB] = await Promise.all([placeSilentCall(t), placeSilentCall(t)]);
    const socket = await connectWs(t.wsUrl, t.token());
    socket.send({ subscribe: talking });
    socket.send({ subscribe: silentA!.call_sid });
    socket.send({ subscribe: silentB!.call_sid });
    const refused = await socket.waitFor((m) => m.type === 'error');
    expect(refused).toEqual({
      type: 'error',
      code: 'TOO_MANY_SUBSCRIPTIONS',
      message: expect.stringMatching(/already follows 2 calls and campaigns/),
      identifier: silentB!.call_sid,
    });
    const seenAtRefusal = socket.messages.filter(
      (m) => m.type === 'transcription' && m.call_sid === talking,
    ).length;
    // Subscribing again to one it has is no new subscription.
    socket.send({ subscribe: silentA!.call_sid });
    await socket.waitFor(
      (m) =>
        m.type === 'subscription_confirmed' &&
        m.identifier === silentA!.call_sid &&
        socket.messages.indexOf(m) > socket.messages.indexOf(refused),
    );
    // The call it already had keeps streaming past the refusal, to its end.
    await socket.waitFor((m) => m.type === 'call_completed' && m.call_sid === talking, 20_000);
    const turns = socket.messages.filter(
      (m) => m.type === 'transcription' && m.call_sid === talking,
    );
    expect(turns.length).toBeGreaterThan(seenAtRefusal);
    // Room made, the third one is taken.
    socket.send({ unsubscribe: talking });
    socket.send({ subscribe: silentB!.call_sid });
    await socket.waitFor(
      (m) => m.type === 'subscription_confirmed' && m.identifier === silentB!.call_sid,
    );
    socket.close();
  });

  it('answers RATE_LIMITED past the message rate, and serves the socket again afterwards', async () => {
    const silent = await placeSilentCall(t);
    const socket = await connectWs(t.wsUrl, t.token());
    for (let i = 0; i < 30; i += 1) socket.send({ subscribe: silent.call_sid });
    await socket.waitFor(() => socket.messages.length >= 30);
    const confirmed = socket.messages.filter((m) => m.type === 'subscription_confirmed').length;
    const limited = socket.messages.filter((m) => m.code === 'RATE_LIMITED');
    // A burst of twice the rate passes (a tick of refill may add one).
    expect(confirmed).toBeGreaterThanOrEqual(10);
    expect(confirmed).toBeLessThanOrEqual(12);
    expect(limited).toHaveLength(30 - confirmed);
    expect(limited[0]).toEqual({
      type: 'error',
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/at most 5 a second/),
    });
    await sleep(1100);
    socket.send({ unsubscribe: silent.call_sid });
    await socket.waitFor((m) => m.type === 'unsubscribe_confirmed');
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.close();
  });
});
