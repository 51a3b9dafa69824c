import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { CallStatus } from '../src/calls/record/call-status.js';
import { CallTranscription } from '../src/calls/transcript/call-transcription.entity.js';
import { Call } from '../src/calls/record/call.entity.js';
import { SIMULATOR_WEBHOOK_SECRET } from '../src/config/app-config.js';
import { pythonJson } from '../src/elevenlabs/simulator/python-json.js';
import {
  CALL_STATUS_CHANGED,
  TRANSCRIPTION_STORED,
  type CallStatusChangedEvent,
  type TranscriptionStoredEvent,
} from '../src/events/domain-events.js';
import { WebhookEvent } from '../src/webhooks/entities/webhook-event.entity.js';
import { placeSilentCall, postCallData } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { postPostCall, postTranscription, signed } from './support/webhooks.js';

describe('Parts 2 and 3: ElevenLabs webhooks', () => {
  let t: TestApp;
  const transcriptions: TranscriptionStoredEvent[] = [];
  const statuses: CallStatusChangedEvent[] = [];
  const turnsOf = (callSid: string) =>
    t.dataSource
      .getRepository(CallTranscription)
      .find({ where: { call: { callSid } }, order: { sequenceNumber: 'ASC' } });
  const call = (callSid: string) => t.dataSource.getRepository(Call).findOneByOrFail({ callSid });
  const counts = async () => ({
    turns: await t.dataSource.getRepository(CallTranscription).count(),
    log: await t.dataSource.getRepository(WebhookEvent).count(),
  });

  beforeAll(async () => {
    t = await startTestApp();
    const events = t.app.get(EventEmitter2);
    events.on(TRANSCRIPTION_STORED, (event: TranscriptionStoredEvent) =>
      transcriptions.push(event),
    );
    events.on(CALL_STATUS_CHANGED, (event: CallStatusChangedEvent) => statuses.push(event));
  });
  afterAll(() => t.close());

  describe('authenticity', () => {
    let callSid: string;
    beforeAll(async () => ({ call_sid: callSid } = await placeSilentCall(t)));
    const payload = () =>
      JSON.stringify({
        call_sid: callSid,
        speaker: 'agent',
        message: 'Hello',
        timestamp: new Date().toISOString(),
      });
    const now = () => Math.floor(Date.now() / 1000);

    const refused: [string, () => { body: string; header?: string }][] = [
      ['no signature', () => ({ body: payload() })],
      [
        'a forged signature',
        () => {
          const body = payload();
          return { body, header: signed(body, 'wsec_wrong').signature };
        },
      ],
      [
        'a stale signature (31 minutes)',
        () => {
          const body = payload();
          return {
            body,
            header: signed(body, SIMULATOR_WEBHOOK_SECRET, now() - 31 * 60).signature,
          };
        },
      ],
      [
        'a signature from the future (6 minutes)',
        () => {
          const body = payload();
          return { body, header: signed(body, SIMULATOR_WEBHOOK_SECRET, now() + 6 * 60).signature };
        },
      ],
      [
        'a tampered body',
        () => {
          const body = payload();
          return { body: body.replace('Hello', 'Goodbye'), header: signed(body).signature };
        },
      ],
      [
        'a re-serialised body',
        () => {
          const original = pythonJson(JSON.parse(payload()));
          return { body: JSON.stringify(JSON.parse(original)), header: signed(original).signature };
        },
      ],
      [
        'a header without v0',
        () => {
          const body = payload();
          return { body, header: `t=${now()}` };
        },
      ],
      [
        'a header with spaces',
        () => {
          const body = payload();
          return { body, header: signed(body).signature.replace(',', ', ') };
        },
      ],
    ];
    it.each(refused)('refuses %s with 401 and stores nothing', async (_name, make) => {
      const before = await counts();
      const { body, header } = make();
      for (const path of ['/webhooks/elevenlabs/transcription', '/webhooks/elevenlabs/post-call']) {
        const call = request(t.url).post(path).set('content-type', 'application/json');
        if (header) call.set('elevenlabs-signature', header);
        const response = await call.send(body).expect(401);
        expect(response.body).toEqual({
          detail: expect.stringMatching(/^Invalid webhook signature: /),
        });
      }
      expect(await counts()).toEqual(before);
    });

    it('accepts a Python-spaced body checked over its exact bytes', async () => {
      const body = pythonJson({
        call_sid: callSid,
        speaker: 'agent',
        message: 'Caf\u00e9 stop at 5',
        timestamp: new Date().toISOString(),
      });
      expect(body).toContain('", "');
      const response = await request(t.url)
        .post('/webhooks/elevenlabs/transcription')
        .set('content-type', 'application/json')
        .set('elevenlabs-signature', signed(body).signature)
        .send(body)
        .expect(200);
      expect(response.body.status).toBe('stored');
      const turns = await turnsOf(callSid);
      expect(turns.at(-1)!.messageText).toBe('Caf\u00e9 stop at 5');
    });
  });

  describe('transcription webhook (Part 2)', () => {
    it('stores turns in order, user as DRIVER and agent as AGENT, then emits the Part 5 message', async () => {
      const { call_sid, conversation_id } = await placeSilentCall(t);
      await postTranscription(t.url, {
        call_sid,
        speaker: 'agent',
        message: 'Your reefer is at 45F',
        timestamp: '2025-11-21T15:32:10.120Z',
      }).expect(200);
      const second = await postTranscription(t.url, {
        conversation_id,
        speaker: 'user',
        message: "I'll fix it",
        timestamp: '2025-11-21T15:32:15Z',
      }).expect(200);
      expect(second.body).toEqual({
        status: 'stored',
        transcription_id: expect.any(Number),
        sequence_number: 2,
      });
      const turns = await turnsOf(call_sid);
      expect(
        turns.map((turn) => [turn.sequenceNumber, turn.speakerType, turn.messageText]),
      ).toEqual([
        [1, 'AGENT', 'Your reefer is at 45F'],
        [2, 'DRIVER', "I'll fix it"],
      ]);
      expect(
        transcriptions.find(
          (event) => event.message.transcription_id === second.body.transcription_id,
        )!.message,
      ).toEqual({
        type: 'transcription',
        conversation_id,
        call_sid,
        transcription_id: second.body.transcription_id,
        sequence_number: 2,
        speaker_type: 'driver',
        message_text: "I'll fix it",
        timestamp: '2025-11-21T15:32:15.000Z',
      });
    });

    it('numbers 50 concurrent turns of one call 1..50 with no gaps or repeats', async () => {
      const { call_sid } = await placeSilentCall(t);
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          postTranscription(t.url, {
            call_sid,
            speaker: i % 2 ? 'user' : 'agent',
            message: `turn ${i}`,
            timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
          }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      const turns = await turnsOf(call_sid);
      expect(turns.map((turn) => turn.sequenceNumber)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect(new Set(turns.map((turn) => turn.messageText)).size).toBe(50);
      expect((await call(call_sid)).lastSequenceNumber).toBe(50);
    });

    it('stores a redelivered turn once, even when the copies race', async () => {
      const { call_sid } = await placeSilentCall(t);
      const turn = {
        call_sid,
        speaker: 'agent',
        message: 'Same words',
        timestamp: '2025-11-21T15:32:15.000Z',
      };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => postTranscription(t.url, turn)),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(responses.filter((r) => r.body.status === 'stored')).toHaveLength(1);
      expect(new Set(responses.map((r) => r.body.transcription_id)).size).toBe(1);
      expect(await turnsOf(call_sid)).toHaveLength(1);
      const log = await t.dataSource
        .getRepository(WebhookEvent)
        .find({ where: { call: { callSid: call_sid } } });
      expect(log.map((entry) => entry.outcome).sort()).toEqual([
        'duplicate',
        'duplicate',
        'duplicate',
        'duplicate',
        'duplicate',
        'stored',
      ]);
    });

    it('answers 404 for an unknown call and 400 for a malformed payload, storing no turn', async () => {
      const before = await counts();
      const unknown = await postTranscription(t.url, {
        call_sid: 'EL_NOBODY_2025',
        speaker: 'agent',
        message: 'hi',
        timestamp: new Date().toISOString(),
      }).expect(404);
      expect(unknown.body).toEqual({ detail: 'Call EL_NOBODY_2025 not found' });
      for (const bad of [
        { speaker: 'agent', message: 'no id', timestamp: new Date().toISOString() },
        { call_sid: 'x', speaker: 'robot', message: 'hi', timestamp: new Date().toISOString() },
        { call_sid: 'x', speaker: 'agent', message: '', timestamp: new Date().toISOString() },
        { call_sid: 'x', speaker: 'agent', message: 'hi', timestamp: 'noon' },
        { call_sid: 42, speaker: 'agent', message: 'hi', timestamp: new Date().toISOString() },
      ]) {
        const response = await postTranscription(t.url, bad).expect(400);
        expect(typeof response.body.detail).toBe('string');
      }
      const notJson = signed('{"call_sid": ');
      await request(t.url)
        .post('/webhooks/elevenlabs/transcription')
        .set('elevenlabs-signature', notJson.signature)
        .send(notJson.body)
        .expect(400);
      const after = await counts();
      expect(after.turns).toBe(before.turns);
      expect(after.log).toBe(before.log + 1); // the authentic 404 is logged as unknown_call
    });
  });

  describe('post-call webhook (Part 3)', () => {
    const turns = [
      { role: 'agent' as const, message: 'Hi John, this is dispatch.', time_in_call_secs: 0 },
      { role: 'user' as const, message: "Yeah, what's up?", time_in_call_secs: 4 },
      { role: 'agent' as const, message: 'Your temp is at 45 degrees.', time_in_call_secs: 8 },
      { role: 'user' as const, message: "I'll adjust it now.", time_in_call_secs: 15 },
    ];

    it('stores the call metadata, merges the transcript and emits call_status then call_completed', async () => {
      const { call_sid, conversation_id } = await placeSilentCall(t);
      await postTranscription(t.url, {
        call_sid,
        speaker: 'agent',
        message: turns[0]!.message,
        timestamp: new Date().toISOString(),
      }).expect(200);
      await postTranscription(t.url, {
        call_sid,
        speaker: 'agent',
        message: turns[2]!.message,
        timestamp: new Date().toISOString(),
      }).expect(200);
      const response = await postPostCall(
        t.url,
        'post_call_transcription',
        postCallData(conversation_id, turns),
      ).expect(200);
      expect(response.body).toEqual({
        status: 'applied',
        type: 'post_call_transcription',
        call_sid,
      });
      const stored = await call(call_sid);
      expect(stored).toMatchObject({
        status: CallStatus.COMPLETED,
        callDurationSeconds: 145,
        cost: 0.08,
        transcriptSummary: 'Driver acknowledged the temperature issue.',
        callSuccessful: true,
        analysisData: expect.objectContaining({ call_successful: 'success' }),
        metadataJson: expect.objectContaining({ call_duration_secs: 145 }),
      });
      expect(stored.callEndTime!.toISOString()).toBe(
        new Date((1763692996 + 145) * 1000).toISOString(),
      );
      expect((await turnsOf(call_sid)).map((turn) => turn.messageText)).toEqual(
        turns.map((turn) => turn.message),
      );
      const events = statuses.filter((event) => event.status.call_sid === call_sid);
      expect(events).toHaveLength(1);
      expect(events[0]!.status).toEqual({
        type: 'call_status',
        conversation_id,
        call_sid,
        status: 'completed',
        call_end_time: stored.callEndTime!.toISOString(),
      });
      expect(events[0]!.completed).toMatchObject({
        type: 'call_completed',
        call_sid,
        call_data: {
          driver_id: expect.any(String),
          call_duration_seconds: 145,
          cost: 0.08,
          call_successful: true,
          status: 'completed',
          analysis: expect.any(Object),
          metadata: expect.any(Object),
        },
      });
      expect(events[0]!.afterSequence).toBe(4);

      const before = { events: statuses.length, turns: (await turnsOf(call_sid)).length };
      const again = await postPostCall(
        t.url,
        'post_call_transcription',
        postCallData(conversation_id, turns),
      ).expect(200);
      expect(again.body.status).toBe('unchanged');
      expect(statuses.length).toBe(before.events);
      expect(await turnsOf(call_sid)).toHaveLength(before.turns);
    });

    it('marks the call FAILED when the outcome is not success, and reads payloads without the field', async () => {
      const failure = await placeSilentCall(t);
      await postPostCall(
        t.url,
        'post_call_transcription',
        postCallData(failure.conversation_id, turns, { callSuccessful: 'failure' }),
      ).expect(200);
      expect(await call(failure.call_sid)).toMatchObject({
        status: CallStatus.FAILED,
        callSuccessful: false,
      });
      const lenient = await placeSilentCall(t);
      const data = postCallData(lenient.conversation_id, turns, { callSuccessful: null }) as Record<
        string,
        unknown
      >;
      delete data.conversation_initiation_client_data;
      await postPostCall(t.url, 'post_call_transcription', data).expect(200);
      expect(await call(lenient.call_sid)).toMatchObject({
        status: CallStatus.FAILED,
        callSuccessful: null,
      });
      const bare = await placeSilentCall(t);
      await postPostCall(t.url, 'post_call_transcription', {
        conversation_id: bare.conversation_id,
      }).expect(200);
      expect((await call(bare.call_sid)).status).toBe(CallStatus.FAILED);
    });

    it('finds the call by the call_sid dynamic variable when the conversation id is not on record yet', async () => {
      // The conversation is the simulator's own: its agent's tool, which also sends call_sid,
      // may bind it first, and the post-call must land either way.
      const { call_sid, conversation_id } = await placeSilentCall(t);
      await t.dataSource
        .getRepository(Call)
        .update({ callSid: call_sid }, { conversationId: null });
      await postPostCall(
        t.url,
        'post_call_transcription',
        postCallData(conversation_id, turns, { callSid: call_sid }),
      ).expect(200);
      expect(await call(call_sid)).toMatchObject({
        conversationId: conversation_id,
        status: CallStatus.COMPLETED,
      });
    });

    it('does not duplicate turns whose transcription webhooks arrive after the post-call one', async () => {
      const { call_sid } = await placeSilentCall(t);
      await postPostCall(
        t.url,
        'post_call_transcription',
        postCallData((await call(call_sid)).conversationId!, turns),
      ).expect(200);
      for (const turn of turns) {
        const late = await postTranscription(t.url, {
          call_sid,
          speaker: turn.role,
          message: turn.message,
          timestamp: new Date().toISOString(),
        }).expect(200);
        expect(late.body.status).toBe('claimed');
      }
      expect(await turnsOf(call_sid)).toHaveLength(4);
      const extra = await postTranscription(t.url, {
        call_sid,
        speaker: 'user',
        message: 'One more thing...',
        timestamp: new Date().toISOString(),
      }).expect(200);
      expect(extra.body).toMatchObject({ status: 'stored', sequence_number: 5 });
    });

    it('handles transcription and post-call webhooks racing for one call', async () => {
      const { call_sid, conversation_id } = await placeSilentCall(t);
      await Promise.all([
        ...turns.map((turn, i) =>
          postTranscription(t.url, {
            call_sid,
            speaker: turn.role,
            message: turn.message,
            timestamp: new Date(Date.now() + i).toISOString(),
          }),
        ),
        postPostCall(t.url, 'post_call_transcription', postCallData(conversation_id, turns)),
      ]);
      const stored = await turnsOf(call_sid);
      expect(stored.map((turn) => turn.sequenceNumber)).toEqual(
        Array.from({ length: stored.length }, (_, i) => i + 1),
      );
      expect(stored.map((turn) => turn.messageText).sort()).toEqual(
        turns.map((turn) => turn.message).sort(),
      );
    });

    it('fills a turn the webhooks missed at its place in the conversation', async () => {
      const { call_sid, conversation_id } = await placeSilentCall(t);
      for (const turn of [turns[0]!, turns[1]!, turns[3]!]) {
        await postTranscription(t.url, {
          call_sid,
          speaker: turn.role,
          message: turn.message,
          timestamp: new Date().toISOString(),
        }).expect(200);
      }
      const ids = (await turnsOf(call_sid)).map((turn) => turn.id);
      await postPostCall(
        t.url,
        'post_call_transcription',
        postCallData(conversation_id, turns),
      ).expect(200);
      const merged = await turnsOf(call_sid);
      expect(merged.map((turn) => turn.messageText)).toEqual(turns.map((turn) => turn.message));
      expect(merged.map((turn) => turn.sequenceNumber)).toEqual([1, 2, 3, 4]);
      expect(merged.filter((turn) => ids.includes(turn.id))).toHaveLength(3);
    });

    it('records call_initiation_failure as FAILED with the reason and emits call_status failed', async () => {
      const { call_sid, conversation_id } = await placeSilentCall(t);
      const response = await postPostCall(t.url, 'call_initiation_failure', {
        agent_id: 'agent_x',
        conversation_id,
        failure_reason: 'busy',
        metadata: { type: 'twilio', body: { CallStatus: 'busy' } },
      }).expect(200);
      expect(response.body.status).toBe('applied');
      expect(await call(call_sid)).toMatchObject({
        status: CallStatus.FAILED,
        failureReason: 'busy',
        metadataJson: { type: 'twilio', body: { CallStatus: 'busy' } },
      });
      const event = statuses.find((e) => e.status.call_sid === call_sid)!;
      expect(event.status.status).toBe('failed');
      expect(event.completed).toBeUndefined();
    });

    it('acknowledges a several-MB post_call_audio without keeping the audio', async () => {
      const { call_sid, conversation_id } = await placeSilentCall(t);
      const audio = Buffer.alloc(6 * 1024 * 1024, 7).toString('base64');
      const response = await postPostCall(t.url, 'post_call_audio', {
        agent_id: 'agent_x',
        conversation_id,
        full_audio: audio,
      }).expect(200);
      expect(response.body.status).toBe('applied');
      expect((await call(call_sid)).hasAudio).toBe(true);
      const entry = await t.dataSource
        .getRepository(WebhookEvent)
        .findOneByOrFail({ type: 'post_call_audio', call: { callSid: call_sid } });
      expect(entry.body.length).toBeLessThan(1000);
      expect(entry.bodyBytes).toBeGreaterThan(8 * 1024 * 1024);
    });

    it('acknowledges and logs event types it does not handle', async () => {
      const response = await postPostCall(t.url, 'voice_removal_notice', { voice_id: 'v1' }).expect(
        200,
      );
      expect(response.body).toEqual({ status: 'ignored', type: 'voice_removal_notice' });
      expect(
        await t.dataSource
          .getRepository(WebhookEvent)
          .countBy({ type: 'voice_removal_notice', outcome: 'ignored' }),
      ).toBe(1);
    });

    it('refuses malformed envelopes with 400', async () => {
      for (const body of [
        '[]',
        '{"data": {}}',
        pythonJson({ type: 'post_call_transcription', data: {} }),
        pythonJson({ type: 'post_call_transcription', data: 'x' }),
      ]) {
        const { signature } = signed(body);
        const response = await request(t.url)
          .post('/webhooks/elevenlabs/post-call')
          .set('content-type', 'application/json')
          .set('elevenlabs-signature', signature)
          .send(body)
          .expect(400);
        expect(typeof response.body.detail).toBe('string');
      }
    });
  });
});
