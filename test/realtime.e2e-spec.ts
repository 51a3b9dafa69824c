import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import request from 'supertest';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { placeSilentCall, postCallData } from './support/fixtures.js';
import { FORGED_TOKENS } from './support/forged-tokens.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';
import { postPostCall, postTranscription } from './support/webhooks.js';
import { connectWs, type WsClient } from './support/ws-client.js';

const transcriptionsOf = (client: WsClient, callSid: string) =>
  client.messages.filter((m) => m.type === 'transcription' && m.call_sid === callSid) as {
    sequence_number: number;
    message_text: string;
  }[];

async function sendTurns(
  t: TestApp,
  callSid: string,
  from: number,
  count: number,
  concurrent = false,
) {
  const send = (i: number) =>
    postTranscription(t.url, {
      call_sid: callSid,
      speaker: i % 2 ? 'user' : 'agent',
      message: `turn ${i}`,
      timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    }).expect(200);
  if (concurrent) await Promise.all(Array.from({ length: count }, (_, k) => send(from + k)));
  else for (let i = from; i < from + count; i++) await send(i);
}

async function waitForSequence(client: WsClient, callSid: string, last: number, timeoutMs = 10000) {
  await client.waitFor(
    (m) => m.type === 'transcription' && m.call_sid === callSid && m.sequence_number === last,
    timeoutMs,
  );
}

describe('Part 5: WebSocket /ws/calls/transcriptions', () => {
  let t: TestApp;
  const clients: WsClient[] = [];
  const open = async (token = t.token()) => {
    const client = await connectWs(t.wsUrl, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    // Short enough to see a dead socket dropped, long enough that a loaded machine's event-loop
    // stall (the app and its clients share this process) does not drop a healthy one: at 300 ms
    // the check could run before the poll phase read a pong already sent.
    t = await startTestApp({ env: { WS_HEARTBEAT_MS: '1000' } });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => t.close());

  describe('authentication at the handshake', () => {
    it.each(FORGED_TOKENS)(
      'refuses %s with AUTHENTICATION_FAILED and close code 4401',
      async (_name, token) => {
        const client = await connectWs(t.wsUrl, token());
        const error = await client.waitFor((m) => m.type === 'error');
        expect(error).toMatchObject({
          type: 'error',
          code: 'AUTHENTICATION_FAILED',
          message: expect.any(String),
        });
        expect((await client.closed).code).toBe(4401);
      },
    );

    it('ends the connection the same way when the token expires while connected', async () => {
      const client = await open(
        jwt.sign({ sub: 'u', exp: Math.floor(Date.now() / 1000) + 2 }, TEST_JWT_SECRET),
      );
      const { call_sid } = await placeSilentCall(t);
      client.send({ subscribe: call_sid });
      await client.waitFor((m) => m.type === 'subscription_confirmed');
      const error = await client.waitFor((m) => m.type === 'error', 4000);
      expect(error.code).toBe('AUTHENTICATION_FAILED');
      expect((await client.closed).code).toBe(4401);
    });
  });

  describe('protocol', () => {
    it('confirms subscriptions by either identifier with the current lowercase status', async () => {
      const { call_sid, conversation_id } = await placeSilentCall(t);
      const client = await open();
      client.send({ subscribe: call_sid });
      client.send({ subscribe: conversation_id });
      await client.waitFor(
        (m) => m.type === 'subscription_confirmed' && m.identifier === conversation_id,
      );
      expect(client.messages.filter((m) => m.type === 'subscription_confirmed')).toEqual([
        {
          type: 'subscription_confirmed',
          identifier: call_sid,
          call_sid,
          conversation_id,
          status: 'in_progress',
        },
        {
          type: 'subscription_confirmed',
          identifier: conversation_id,
          call_sid,
          conversation_id,
          status: 'in_progress',
        },
      ]);
      await sendTurns(t, call_sid, 1, 2);
      await waitForSequence(client, call_sid, 2);
      await sleep(100);
      expect(transcriptionsOf(client, call_sid).map((m) => m.sequence_number)).toEqual([1, 2]);
    });

    it('answers bad messages with error codes and keeps serving', async () => {
      const { call_sid } = await placeSilentCall(t);
      const client = await open();
      const cases: [unknown, string][] = [
        ['this is not json', 'INVALID_MESSAGE'],
        [{ hello: 'there' }, 'INVALID_MESSAGE'],
        [{ subscribe: 123 }, 'INVALID_IDENTIFIER'],
        [{ subscribe: '' }, 'INVALID_IDENTIFIER'],
        [{ subscribe: 'x'.repeat(300) }, 'INVALID_IDENTIFIER'],
        [{ subscribe: 'EL_nobody_here' }, 'CALL_NOT_FOUND'],
        [JSON.stringify({ subscribe: 'y'.repeat(10000) }), 'INVALID_MESSAGE'],
      ];
      for (const [message, code] of cases) {
        const before = client.messages.length;
        client.send(message);
        await client.waitFor((m) => client.messages.indexOf(m) >= before && m.type === 'error');
        expect(client.messages.at(-1)).toMatchObject({
          type: 'error',
          code,
          message: expect.any(String),
        });
      }
      client.send({ subscribe: call_sid });
      await client.waitFor((m) => m.type === 'subscription_confirmed');
      expect(client.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('stops sending after unsubscribe_confirmed', async () => {
      const { call_sid } = await placeSilentCall(t);
      const client = await open();
      client.send({ subscribe: call_sid });
      await client.waitFor((m) => m.type === 'subscription_confirmed');
      await sendTurns(t, call_sid, 1, 1);
      await waitForSequence(client, call_sid, 1);
      client.send({ unsubscribe: call_sid });
      expect(await client.waitFor((m) => m.type === 'unsubscribe_confirmed')).toEqual({
        type: 'unsubscribe_confirmed',
        identifier: call_sid,
      });
      await sendTurns(t, call_sid, 2, 2);
      await sleep(200);
      expect(transcriptionsOf(client, call_sid)).toHaveLength(1);
    });
  });

  describe('nobody misses a word', () => {
    it('streams live turns and the two completion messages exactly as Part 5 shows them', async () => {
      const { call_sid, conversation_id } = await placeSilentCall(t);
      const client = await open();
      client.send({ subscribe: call_sid });
      await client.waitFor((m) => m.type === 'subscription_confirmed');
      await postTranscription(t.url, {
        call_sid,
        speaker: 'user',
        message: "Yeah, I'll adjust the temperature right now",
        timestamp: '2025-11-21T15:32:15Z',
      }).expect(200);
      const turn = await client.waitFor((m) => m.type === 'transcription');
      expect(turn).toEqual({
        type: 'transcription',
        conversation_id,
        call_sid,
        transcription_id: expect.any(Number),
        sequence_number: 1,
        speaker_type: 'driver',
        message_text: "Yeah, I'll adjust the temperature right now",
        timestamp: '2025-11-21T15:32:15.000Z',
      });
      await postPostCall(
        t.url,
        'post_call_transcription',
        postCallData(conversation_id, [
          {
            role: 'user',
            message: "Yeah, I'll adjust the temperature right now",
            time_in_call_secs: 3,
          },
        ]),
      ).expect(200);
      await client.waitFor((m) => m.type === 'call_completed');
      const [status, completed] = client.messages.filter(
        (m) => m.type === 'call_status' || m.type === 'call_completed',
      );
      expect(status).toEqual({
        type: 'call_status',
        conversation_id,
        call_sid,
        status: 'completed',
        call_end_time: expect.stringMatching(/Z$/),
      });
      expect(completed).toMatchObject({
        type: 'call_completed',
        conversation_id,
        call_sid,
        call_data: {
          driver_id: expect.any(String),
          call_start_time: expect.any(String),
          call_end_time: status!.call_end_time,
          call_duration_seconds: 145,
          cost: 0.08,
          call_successful: true,
          transcript_summary: 'Driver acknowledged the temperature issue.',
          status: 'completed',
        },
      });
    });

    it('replays stored turns to a late subscriber, honours since, and ends with the completion of a finished call', async () => {
      const { call_sid, conversation_id } = await placeSilentCall(t);
      await sendTurns(t, call_sid, 1, 6);
      const late = await open();
      late.send({ subscribe: conversation_id });
      await waitForSequence(late, call_sid, 6);
      expect(transcriptionsOf(late, call_sid).map((m) => m.sequence_number)).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
      const resumed = await open();
      resumed.send({ subscribe: call_sid, since: 4 });
      await waitForSequence(resumed, call_sid, 6);
      expect(transcriptionsOf(resumed, call_sid).map((m) => m.sequence_number)).toEqual([5, 6]);
      await postPostCall(
        t.url,
        'post_call_transcription',
        postCallData(conversation_id, []),
      ).expect(200);
      await late.waitFor((m) => m.type === 'call_completed');
      const afterEnd = await open();
      afterEnd.send({ subscribe: call_sid });
      await afterEnd.waitFor((m) => m.type === 'call_completed');
      // Outcomes (item_outcome) are their own stream; the turns and the completion keep their order.
      expect(
        afterEnd.messages.map((m) => m.type).filter((type) => type !== 'item_outcome'),
      ).toEqual([
        'subscription_confirmed',
        ...Array(6).fill('transcription'),
        'call_status',
        'call_completed',
      ]);
      expect(afterEnd.messages[0]).toMatchObject({ status: 'completed' });
    });

    it('delivers concurrently committed turns to every subscriber in order, once, without gaps', async () => {
      const { call_sid } = await placeSilentCall(t);
      const subscribers = await Promise.all([open(), open(), open()]);
      for (const client of subscribers) {
        client.send({ subscribe: call_sid });
        await client.waitFor((m) => m.type === 'subscription_confirmed');
      }
      const joining = open().then(async (client) => {
        await sleep(30);
        client.send({ subscribe: call_sid });
        return client;
      });
      await sendTurns(t, call_sid, 1, 60, true);
      const lateJoiner = await joining;
      for (const client of [...subscribers, lateJoiner]) {
        await waitForSequence(client, call_sid, 60);
        expect(transcriptionsOf(client, call_sid).map((m) => m.sequence_number)).toEqual(
          Array.from({ length: 60 }, (_, i) => i + 1),
        );
      }
    });
  });

  describe('connection health', () => {
    it('drops a socket that stops answering pings', async () => {
      const silent = new WebSocket(`${t.wsUrl}?token=${t.token()}`, { autoPong: false });
      const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
      const started = Date.now();
      await closed;
      // Dropped at the second ping after the first one it left unanswered.
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('closes a subscriber that stops reading once its buffer passes 1 MiB', async () => {
      const { call_sid } = await placeSilentCall(t);
      const slow = await open();
      slow.send({ subscribe: call_sid });
      await slow.waitFor((m) => m.type === 'subscription_confirmed');
      const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      const healthy = await open();
      healthy.send({ subscribe: call_sid });
      await healthy.waitFor((m) => m.type === 'subscription_confirmed');
      const big = 'x'.repeat(19000);
      for (let i = 0; i < 400 && slow.ws.readyState === WebSocket.OPEN; i += 20) {
        await Promise.all(
          Array.from({ length: 20 }, (_, k) =>
            postTranscription(t.url, {
              call_sid,
              speaker: 'agent',
              message: `${i + k} ${big}`,
              timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i + k)).toISOString(),
            }).expect(200),
          ),
        );
      }
      socket.resume();
      const { code } = await slow.closed;
      expect(code).toBe(1006);
      expect(transcriptionsOf(slow, call_sid).length).toBeLessThan(400);
      const sent = Number(
        (
          await request(t.url)
            .get(`/calls/${encodeURIComponent(call_sid)}`)
            .set('authorization', `Bearer ${t.token()}`)
        ).body.transcriptions_total,
      );
      await waitForSequence(healthy, call_sid, sent);
      expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
    });
  });

  it("runs the guide's own CallMonitor class unchanged", async () => {
    const { CallMonitor } = await import('./support/seed/call-monitor.js');
    (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
    const quiet = [
      jest.spyOn(console, 'log').mockImplementation(() => undefined),
      jest.spyOn(console, 'error').mockImplementation(() => undefined),
    ];
    const placed = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set('authorization', `Bearer ${t.token()}`)
      .send({
        callType: 'violation',
        timestamp: new Date().toISOString(),
        drivers: [
          {
            driverId: 'DRV_MONITOR',
            driverName: 'John Smith',
            phoneNumber: '+12192002824',
            violations: {
              tripId: 'TRIP_1',
              violationDetails: [{ type: 'violation', description: 'Your temp is at 45 degrees' }],
            },
          },
        ],
      });
    expect(placed.status).toBe(200);
    const monitor = new CallMonitor(`ws://127.0.0.1:${new URL(t.url).port}`, t.token());
    const seen: {
      transcriptions: string[];
      statuses: string[];
      completed?: { call_data: { transcript_summary: string } };
    } = { transcriptions: [], statuses: [] };
    const done = new Promise<void>((resolve) => {
      monitor.onTranscription = (message: { message_text: string }) =>
        seen.transcriptions.push(message.message_text);
      monitor.onCallStatus = (message: { status: string }) => seen.statuses.push(message.status);
      monitor.onCallCompleted = (message: { call_data: { transcript_summary: string } }) => {
        seen.completed = message;
        resolve();
      };
    });
    monitor.connect();
    await new Promise<void>((resolve) => monitor.ws.once('open', resolve));
    monitor.subscribeToCall(placed.body.call_sid);
    await done;
    monitor.maxReconnectAttempts = 0;
    monitor.disconnect();
    for (const spy of quiet) spy.mockRestore();
    expect(seen.transcriptions.length).toBeGreaterThanOrEqual(6);
    expect(seen.transcriptions[0]).toContain('Hi John');
    expect(seen.statuses).toEqual(['completed']);
    expect(seen.completed!.call_data.transcript_summary).toContain('John Smith');
  });
});
