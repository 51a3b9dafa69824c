import request from 'supertest';
import { CallStatus } from '../src/calls/record/call-status.js';
import { CallTranscription } from '../src/calls/transcript/call-transcription.entity.js';
import { Call } from '../src/calls/record/call.entity.js';
import { SIMULATOR_API_KEY } from '../src/config/app-config.js';
import { StuckCallsJob } from '../src/conversations/stuck-calls.job.js';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { callRequest } from './support/call-requests.js';
import { placeSilentCall } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { until } from './support/until.js';
import { postTranscription } from './support/webhooks.js';
import { connectWs } from './support/ws-client.js';

describe('Part 4 and call history', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const fetchConversation = (id: string, prefix = '/driver_data') =>
    request(t.url)
      .post(`${prefix}/conversations/${encodeURIComponent(id)}/fetch`)
      .set(auth);
  const turnsOf = (callSid: string) =>
    t.dataSource
      .getRepository(CallTranscription)
      .find({ where: { call: { callSid } }, order: { sequenceNumber: 'ASC' } });
  const elevenLabsSays = async (id: string) => {
    const response = await fetch(
      `${t.app.get(ElevenLabsEndpoint).baseUrl()}/v1/convai/conversations/${id}`,
      { headers: { 'xi-api-key': SIMULATOR_API_KEY } },
    );
    return (await response.json()) as {
      transcript: { role: string; message: string }[];
      status: string;
    };
  };
  async function finishedSilentCall() {
    const placed = await placeSilentCall(t);
    await t.simulator.finished(placed.conversation_id);
    return placed;
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { STUCK_CALL_AFTER_MINUTES: '0' } });
    auth = { authorization: `Bearer ${t.token()}` };
  });
  afterAll(() => t.close());
  afterEach(() => t.simulator.clearFaults());

  describe('POST /driver_data/conversations/{conversation_id}/fetch', () => {
    it('stores the conversation and answers exactly the documented fields; a second fetch adds nothing', async () => {
      const { call_sid, conversation_id } = await finishedSilentCall();
      const first = await fetchConversation(conversation_id).expect(200);
      const remote = await elevenLabsSays(conversation_id);
      expect(first.body).toEqual({
        message: 'Conversation data fetched and stored successfully',
        conversation_id,
        call_sid,
        call_updated: true,
        call_status: 'COMPLETED',
        call_duration: expect.any(Number),
        transcriptions_added: remote.transcript.length,
        transcriptions_total: remote.transcript.length,
        conversation_data: remote,
      });
      const stored = await turnsOf(call_sid);
      expect(stored.map((turn) => [turn.speakerType, turn.messageText])).toEqual(
        remote.transcript.map((turn) => [turn.role === 'user' ? 'DRIVER' : 'AGENT', turn.message]),
      );
      const start = (remote as unknown as { metadata: { start_time_unix_secs: number } }).metadata
        .start_time_unix_secs;
      const offsets = (
        remote as unknown as { transcript: { time_in_call_secs: number }[] }
      ).transcript.map((turn) => turn.time_in_call_secs);
      expect(stored.map((turn) => turn.timestamp.getTime())).toEqual(
        offsets.map((offset) => (start + offset) * 1000),
      );
      const call = await t.dataSource.getRepository(Call).findOneByOrFail({ callSid: call_sid });
      expect(call).toMatchObject({
        status: CallStatus.COMPLETED,
        callSuccessful: true,
        transcriptSummary: expect.stringContaining('John Smith'),
        analysisData: expect.any(Object),
        metadataJson: expect.any(Object),
      });
      expect(first.body.call_duration).toBe(call.callDurationSeconds);

      const second = await fetchConversation(conversation_id, '').expect(200);
      expect(second.body).toMatchObject({
        transcriptions_added: 0,
        transcriptions_total: remote.transcript.length,
        call_status: 'COMPLETED',
      });
    });

    it('fills turns the webhooks missed, in ElevenLabs order, counting only new rows', async () => {
      const { call_sid, conversation_id } = await finishedSilentCall();
      const remote = await elevenLabsSays(conversation_id);
      const delivered = [0, 1, 3, 5];
      for (const index of delivered) {
        const turn = remote.transcript[index]!;
        await postTranscription(t.url, {
          call_sid,
          speaker: turn.role,
          message: turn.message,
          timestamp: new Date().toISOString(),
        }).expect(200);
      }
      const response = await fetchConversation(conversation_id).expect(200);
      expect(response.body.transcriptions_added).toBe(remote.transcript.length - delivered.length);
      expect(response.body.transcriptions_total).toBe(remote.transcript.length);
      expect((await turnsOf(call_sid)).map((turn) => turn.messageText)).toEqual(
        remote.transcript.map((turn) => turn.message),
      );
    });

    it('stores concurrent fetches of one conversation once', async () => {
      const { call_sid, conversation_id } = await finishedSilentCall();
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => fetchConversation(conversation_id)),
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const total = (await elevenLabsSays(conversation_id)).transcript.length;
      expect(responses.reduce((sum, r) => sum + r.body.transcriptions_added, 0)).toBe(total);
      expect(await turnsOf(call_sid)).toHaveLength(total);
    });

    it('keeps the call IN_PROGRESS until ElevenLabs says the conversation is finished', async () => {
      const { call_sid, conversation_id } = await finishedSilentCall();
      for (const status of ['initiated', 'in-progress', 'processing'] as const) {
        t.simulator.conversation(conversation_id)!.status = status;
        const response = await fetchConversation(conversation_id).expect(200);
        expect(response.body.call_status).toBe('IN_PROGRESS');
      }
      t.simulator.conversation(conversation_id)!.status = 'done';
      t.simulator.conversation(conversation_id)!.successful = false;
      expect((await fetchConversation(conversation_id).expect(200)).body.call_status).toBe(
        'FAILED',
      );
      expect(
        (await t.dataSource.getRepository(Call).findOneByOrFail({ callSid: call_sid }))
          .callSuccessful,
      ).toBe(false);
    });

    it('answers the documented errors', async () => {
      expect((await fetchConversation('conv_unknown').expect(404)).body).toEqual({
        detail: 'Conversation conv_unknown not found in ElevenLabs',
      });
      const orphan = await fetch(
        `${t.app.get(ElevenLabsEndpoint).baseUrl()}/v1/convai/twilio/outbound-call`,
        {
          method: 'POST',
          headers: { 'xi-api-key': SIMULATOR_API_KEY, 'content-type': 'application/json' },
          body: JSON.stringify({
            agent_id: 'a',
            agent_phone_number_id: 'p',
            to_number: '+15005550008',
          }),
        },
      ).then((r) => r.json() as Promise<{ conversation_id: string }>);
      expect((await fetchConversation(orphan.conversation_id).expect(404)).body).toEqual({
        detail: `Call record not found for conversation ${orphan.conversation_id}`,
      });
      const { conversation_id } = await finishedSilentCall();
      t.simulator.setFaults({ errorStatus: 502 });
      expect((await fetchConversation(conversation_id).expect(500)).body.detail).toMatch(
        /^Failed to fetch conversation data: ElevenLabs answered 502/,
      );
      t.simulator.setFaults({ errorStatus: null, latencyMs: 2500 });
      expect((await fetchConversation(conversation_id).expect(500)).body.detail).toMatch(
        /^Failed to fetch conversation data: Connection timeout/,
      );
      t.simulator.clearFaults();
      await request(t.url).post(`/driver_data/conversations/${conversation_id}/fetch`).expect(401);
      expect((await fetchConversation('conv bad!').expect(400)).body.detail).toMatch(
        /conversation_id/,
      );
    }, 30000);
  });

  describe('GET /calls and GET /calls/{id}', () => {
    const driverId = `DRV_HISTORY_${process.pid}`;
    const sids: string[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 5; i++) {
        const phone = i === 1 ? '+15005550003' : '+15005550008';
        const body = callRequest({
          driverId,
          phoneNumber: phone,
          timestamp: `2031-01-0${i + 1}T00:00:00Z`,
        });
        const response = await request(t.url)
          .post('/driver_data/call-elevenlabs')
          .set(auth)
          .send(body);
        sids.push(`EL_${driverId}_${body.timestamp}`);
        // Space the start times so "newest first" is unambiguous, and free the driver for the next call.
        await t.dataSource.getRepository(Call).update(
          { callSid: sids[i]! },
          {
            callStartTime: new Date(Date.UTC(2031, 0, i + 1)),
            ...(response.status === 200 ? { status: CallStatus.COMPLETED } : {}),
          },
        );
      }
    });

    it('lists newest first with filters and cursor pagination', async () => {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string> = {
          driverId,
          limit: '2',
          ...(cursor ? { cursor } : {}),
        };
        const response = await request(t.url).get('/calls').query(query).set(auth).expect(200);
        pages.push(response.body.calls.map((c: { call_sid: string }) => c.call_sid));
        cursor = response.body.next_cursor;
      } while (cursor);
      expect(pages).toEqual([[sids[4], sids[3]], [sids[2], sids[1]], [sids[0]]]);
      const failed = await request(t.url)
        .get('/calls')
        .query({ driverId, status: 'FAILED' })
        .set(auth)
        .expect(200);
      expect(failed.body.calls.map((c: { call_sid: string }) => c.call_sid)).toEqual([sids[1]]);
      const range = await request(t.url)
        .get('/calls')
        .query({ driverId, from: '2031-01-02T00:00:00Z', to: '2031-01-04T00:00:00Z' })
        .set(auth)
        .expect(200);
      expect(range.body.calls.map((c: { call_sid: string }) => c.call_sid)).toEqual([
        sids[2],
        sids[1],
      ]);
      expect(range.body.calls[0]).toMatchObject({
        driver_id: driverId,
        driver_name: 'John Smith',
        status: 'COMPLETED',
        trip_id: 'TRIP_78910',
      });
    });

    it('refuses bad filters with 400', async () => {
      for (const query of [
        { status: 'DONE' },
        { limit: '0' },
        { limit: '500' },
        { from: 'last week' },
        { cursor: 'not!a!cursor' },
        { cursor: 'bm90LWpzb24' },
      ]) {
        const response = await request(t.url).get('/calls').query(query).set(auth).expect(400);
        expect(typeof response.body.detail).toBe('string');
      }
    });

    it('returns one call with its transcript in order, by call_sid or conversation_id', async () => {
      const { call_sid, conversation_id } = await finishedSilentCall();
      await fetchConversation(conversation_id).expect(200);
      // Once our copy of the recording is stored (a job after the call): the two reads below
      // must see the same call, and the recording would otherwise change between them.
      const bySid = await until(
        () =>
          request(t.url)
            .get(`/calls/${encodeURIComponent(call_sid)}`)
            .set(auth)
            .expect(200),
        (response) => response.body.recording.available === true,
      );
      const byConversation = await request(t.url)
        .get(`/calls/${conversation_id}`)
        .set(auth)
        .expect(200);
      expect(byConversation.body).toEqual(bySid.body);
      expect(bySid.body).toMatchObject({
        call_sid,
        conversation_id,
        status: 'COMPLETED',
        violations: expect.any(Array),
        analysis: expect.any(Object),
        metadata: expect.any(Object),
      });
      expect(
        bySid.body.transcript.map((turn: { sequence_number: number }) => turn.sequence_number),
      ).toEqual(bySid.body.transcript.map((_: unknown, i: number) => i + 1));
      expect(bySid.body.transcript[0]).toEqual({
        transcription_id: expect.any(Number),
        sequence_number: 1,
        speaker_type: 'agent',
        message_text: expect.any(String),
        timestamp: expect.any(String),
        // A silent call: nothing live, every turn from the fetch.
        source: 'fetch',
      });
      expect((await request(t.url).get('/calls/EL_nothing').set(auth).expect(404)).body).toEqual({
        detail: 'Call EL_nothing not found',
      });
    });
  });

  describe('closing stuck calls', () => {
    it('closes a call whose post-call webhook never came, and tells subscribers', async () => {
      const { call_sid, conversation_id } = await finishedSilentCall();
      const watcher = await connectWs(t.wsUrl, t.token());
      watcher.send({ subscribe: call_sid });
      await watcher.waitFor((m) => m.type === 'subscription_confirmed');
      const report = await t.app.get(StuckCallsJob).runOnce();
      expect(report!.closed).toContain(call_sid);
      const call = await t.dataSource.getRepository(Call).findOneByOrFail({ callSid: call_sid });
      expect(call.status).toBe(CallStatus.COMPLETED);
      expect((await turnsOf(call_sid)).length).toBe(
        (await elevenLabsSays(conversation_id)).transcript.length,
      );
      await watcher.waitFor((m) => m.type === 'call_completed');
      expect(watcher.messages.filter((m) => m.type === 'call_status')).toEqual([
        expect.objectContaining({ status: 'completed' }),
      ]);
      watcher.close();
    });

    it('marks calls that never got a conversation id FAILED, and backs off when ElevenLabs fails', async () => {
      const calls = t.dataSource.getRepository(Call);
      const orphan = callRequest({ phoneNumber: '+15005550003' });
      await request(t.url).post('/driver_data/call-elevenlabs').set(auth).send(orphan).expect(500);
      const orphanSid = `EL_${orphan.drivers[0]!.driverId}_${orphan.timestamp}`;
      await calls.update(
        { callSid: orphanSid },
        {
          status: CallStatus.IN_PROGRESS,
          failureReason: null,
          callStartTime: new Date(Date.now() - 3600_000),
        },
      );
      const { call_sid } = await finishedSilentCall();
      t.simulator.setFaults({ errorStatus: 500 });
      const report = await t.app.get(StuckCallsJob).runOnce();
      expect(report!.failedToStart).toContain(orphanSid);
      expect(await calls.findOneByOrFail({ callSid: orphanSid })).toMatchObject({
        status: CallStatus.FAILED,
        failureReason: expect.stringContaining('never confirmed'),
      });
      const stuck = await calls.findOneByOrFail({ callSid: call_sid });
      expect(stuck).toMatchObject({ status: CallStatus.IN_PROGRESS, syncAttempts: 1 });
      expect(stuck.nextSyncAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
      t.simulator.clearFaults();
      const later = await t.app.get(StuckCallsJob).runOnce();
      expect(later!.closed).not.toContain(call_sid);
    });
  });
});
