import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { ElevenLabsEndpoint } from '../src/elevenlabs/elevenlabs-endpoint.js';
import { RecordingFetcher } from '../src/recordings/recording-fetcher.js';
import { RecordingStore } from '../src/recordings/recording-store.js';
import { callRequest } from './support/call-requests.js';
import { endedCall } from './support/ended-call.js';
import { S3_TEST_CREDENTIALS, startS3Server } from './support/s3-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { until } from './support/until.js';

interface CallDetail {
  call_sid: string;
  conversation_id: string;
  status: string;
  call_duration_seconds: number;
  recording: { available: boolean; bytes: number | null; content_type: string | null };
}

/** A player's request: the body as bytes, whatever the content type. */
const binary = (test: request.Test) =>
  test.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });

const BUCKET = 'dispatch-recordings';

/** Each storage backend passes the same tests. */
const BACKENDS: [string, () => Promise<{ env: Record<string, string>; close(): Promise<void> }>][] =
  [
    ['a local directory', () => Promise.resolve({ env: {}, close: () => Promise.resolve() })],
    [
      'an S3-compatible bucket',
      async () => {
        const s3 = await startS3Server(BUCKET);
        return {
          env: {
            RECORDINGS_S3_BUCKET: BUCKET,
            RECORDINGS_S3_ENDPOINT: s3.endpoint,
            ...S3_TEST_CREDENTIALS,
          },
          close: s3.close,
        };
      },
    ],
  ];

describe.each(BACKENDS)(
  'Recordings in %s: our own copy, streamed with ranges',
  (_name, backend) => {
    let t: TestApp;
    let storage: Awaited<ReturnType<(typeof BACKENDS)[number][1]>>;
    let dispatcher: { authorization: string };
    let admin: { authorization: string };
    const api = () => request(t.url);

    beforeAll(async () => {
      storage = await backend();
      t = await startTestApp({ env: { SIMULATOR_TURN_DELAY_MS: '10', ...storage.env } });
      dispatcher = { authorization: `Bearer ${t.token({ sub: 'dispatcher-7' })}` };
      admin = { authorization: `Bearer ${t.token({ sub: 'admin-1', role: 'admin' })}` };
      await t.app.get(ElevenLabsEndpoint).ready;
    });
    afterAll(async () => {
      await t.close();
      await storage.close();
    });

    async function detailOf(callSid: string): Promise<CallDetail> {
      return (
        await api()
          .get(`/calls/${encodeURIComponent(callSid)}`)
          .set(dispatcher)
          .expect(200)
      ).body as CallDetail;
    }

    async function recordedCall(driverId: string): Promise<CallDetail> {
      const placed = await api()
        .post('/driver_data/call-elevenlabs')
        .set(dispatcher)
        .send(callRequest({ driverId }))
        .expect(200);
      await endedCall(t.url, dispatcher, placed.body.call_sid as string);
      return until(
        async () =>
          (
            await api()
              .get(`/calls/${encodeURIComponent(placed.body.call_sid as string)}`)
              .set(dispatcher)
              .expect(200)
          ).body as CallDetail,
        (call) => call.recording.available,
      );
    }

    it('fetches the recording after the call and stores it', async () => {
      const call = await recordedCall(`REC_${process.pid}`);
      expect(call.recording).toEqual({
        available: true,
        bytes: expect.any(Number),
        content_type: 'audio/mpeg',
        stored_at: expect.any(String),
      });
      // About 4 kB a second of the simulator's MP3.
      expect(call.recording.bytes).toBeGreaterThan(call.call_duration_seconds * 3000);
      const [{ recording_key: key }] = (await t.dataSource.query(
        `SELECT recording_key FROM calls WHERE call_sid = $1`,
        [call.call_sid],
      )) as { recording_key: string }[];
      const stored = await t.app.get(RecordingStore).get(key);
      let bytes = 0;
      for await (const chunk of stored!) bytes += (chunk as Buffer).length;
      expect(bytes).toBe(call.recording.bytes);
      if (storage.env.RECORDINGS_S3_BUCKET) expect(await readdir(t.recordingsDir)).toEqual([]);
      else expect((await stat(join(t.recordingsDir, key))).size).toBe(call.recording.bytes);
    });

    it('streams it whole, or a range of it for seeking; 416 past the end', async () => {
      const call = await recordedCall(`RANGE_${process.pid}`);
      const path = `/calls/${encodeURIComponent(call.call_sid)}/recording`;
      const whole = await binary(api().get(path).set(dispatcher)).expect(200);
      expect(whole.headers['content-type']).toBe('audio/mpeg');
      expect(whole.headers['accept-ranges']).toBe('bytes');
      expect((whole.body as Buffer).length).toBe(call.recording.bytes);
      expect((whole.body as Buffer).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfb]));

      const part = await binary(api().get(path).set(dispatcher).set('range', 'bytes=100-299'));
      expect(part.status).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 100-299/${call.recording.bytes}`);
      expect(part.body).toEqual((whole.body as Buffer).subarray(100, 300));

      const tail = await binary(api().get(path).set(dispatcher).set('range', 'bytes=-10'));
      expect(tail.status).toBe(206);
      expect(tail.body).toEqual((whole.body as Buffer).subarray(-10));

      const past = await api()
        .get(path)
        .set(dispatcher)
        .set('range', `bytes=${call.recording.bytes}-`)
        .expect(416);
      expect(past.headers['content-range']).toBe(`bytes */${call.recording.bytes}`);
      expect(past.body.detail).toMatch(/outside it/);

      await api().get(path).expect(401);
      await api()
        .get('/calls/EL_NOBODY_2025-01-01T00:00:00Z/recording')
        .set(dispatcher)
        .expect(404, { detail: 'Call EL_NOBODY_2025-01-01T00:00:00Z not found' });
    });

    it('hands the player a short-lived signed link with no token in it, and audits plays once an hour', async () => {
      const call = await recordedCall(`LINK_${process.pid}`);
      const linked = await api()
        .post(`/calls/${encodeURIComponent(call.call_sid)}/recording/link`)
        .set(dispatcher)
        .expect(200);
      expect(linked.body.url).toMatch(/^\/recordings\/.+\?expires=\d+&signature=/);
      expect(linked.body.url).not.toMatch(/eyJ/); // no JWT inside
      expect(Date.parse(linked.body.expires_at) - Date.now()).toBeLessThanOrEqual(300_000);
      const played = await binary(api().get(linked.body.url).set('range', 'bytes=0-3')).expect(206);
      expect(played.body).toEqual(Buffer.from([0xff, 0xfb, 0x10, 0xc0]));
      // Tampered (one character always changed) or for another call: refused.
      await api()
        .get(
          linked.body.url.replace(
            /signature=(.)/,
            (_: string, first: string) => `signature=${first === 'A' ? 'B' : 'A'}`,
          ),
        )
        .expect(403);
      await api()
        .get(
          linked.body.url.replace(
            encodeURIComponent(call.call_sid),
            'EL_OTHER_2025-01-01T00:00:00Z',
          ),
        )
        .expect(403);

      await binary(
        api()
          .get(`/calls/${encodeURIComponent(call.call_sid)}/recording`)
          .set(dispatcher),
      ).expect(200);
      await api()
        .post(`/calls/${encodeURIComponent(call.call_sid)}/recording/link`)
        .set(dispatcher)
        .expect(200);
      const audit = await api().get('/audit?action=recording.played').set(admin).expect(200);
      expect(
        audit.body.entries.filter((entry: { target: string }) => entry.target === call.call_sid),
      ).toHaveLength(1);
    });

    it('lets admins delete a recording for good (audited); dispatchers may not', async () => {
      const call = await recordedCall(`DEL_${process.pid}`);
      const path = `/calls/${encodeURIComponent(call.call_sid)}/recording`;
      await api().delete(path).set(dispatcher).expect(403);
      await api().delete(path).set(admin).expect(204);
      await api().get(path).set(dispatcher).expect(404, { detail: 'No recording for this call' });
      await api().delete(path).set(admin).expect(404);
      const after = await detailOf(call.call_sid);
      expect(after.recording.available).toBe(false);
      // Never fetched again by the sweep.
      await t.app.get(RecordingFetcher).sweep();
      await t.app.get(RecordingFetcher).fetch(Number((await callIdOf(call.call_sid)).id));
      expect((await detailOf(call.call_sid)).recording.available).toBe(false);
      const audit = await api().get('/audit?action=recording.deleted').set(admin).expect(200);
      expect(audit.body.entries).toEqual([
        expect.objectContaining({ target: call.call_sid, actor: 'admin-1' }),
      ]);
    });

    it('removes recordings past RECORDING_RETENTION_DAYS', async () => {
      const call = await recordedCall(`OLD_${process.pid}`);
      await t.dataSource.query(
        `UPDATE calls SET recording_stored_at = now() - interval '91 days' WHERE call_sid = $1`,
        [call.call_sid],
      );
      expect(await t.app.get(RecordingFetcher).expire()).toBe(1);
      await api()
        .get(`/calls/${encodeURIComponent(call.call_sid)}/recording`)
        .set(dispatcher)
        .expect(404);
    });

    /** Forgets our copy (as if never fetched), so the fetch job can be run by hand. */
    async function unfetched(callSid: string): Promise<number> {
      await t.dataSource.query(
        `UPDATE calls SET recording_key = NULL, recording_bytes = NULL, recording_content_type = NULL,
              recording_stored_at = NULL WHERE call_sid = $1`,
        [callSid],
      );
      return (await callIdOf(callSid)).id;
    }

    it('streams a recording far larger than any body limit in and out', async () => {
      const call = await recordedCall(`BIG_${process.pid}`);
      const callId = await unfetched(call.call_sid);
      // 27 minutes: about 6.5 MB (more than one 5 MiB S3 part).
      t.simulator.conversation(call.conversation_id)!.durationSecs = 1620;
      await t.app.get(RecordingFetcher).fetch(callId);
      const detail = await detailOf(call.call_sid);
      expect(detail.recording.bytes).toBeGreaterThan(6_000_000);
      const whole = await binary(
        api()
          .get(`/calls/${encodeURIComponent(call.call_sid)}/recording`)
          .set(dispatcher),
      ).expect(200);
      expect((whole.body as Buffer).length).toBe(detail.recording.bytes);
      const last = await binary(
        api()
          .get(`/calls/${encodeURIComponent(call.call_sid)}/recording`)
          .set(dispatcher)
          .set('range', `bytes=${detail.recording.bytes! - 104}-`),
      ).expect(206);
      expect((last.body as Buffer).subarray(0, 4)).toEqual(Buffer.from([0xff, 0xfb, 0x10, 0xc0]));
    });

    it('stores nothing from a download cut off halfway, and stores it whole on the retry', async () => {
      const call = await recordedCall(`CUT_${process.pid}`);
      const callId = await unfetched(call.call_sid);
      t.simulator.setFaults({ audioCutAfterBytes: 5000 });
      try {
        await expect(t.app.get(RecordingFetcher).fetch(callId)).rejects.toThrow();
      } finally {
        t.simulator.clearFaults();
      }
      const after = await detailOf(call.call_sid);
      expect(after.recording.available).toBe(false);
      if (!storage.env.RECORDINGS_S3_BUCKET) {
        const left = await readdir(t.recordingsDir, { recursive: true });
        expect(left.filter((name) => String(name).includes('.partial-'))).toEqual([]);
        // What an instance killed mid-download leaves is cleared by the sweep once stale.
        const stale = join(t.recordingsDir, 'calls', '0', '1.mp3.partial-deadbeef');
        await mkdir(dirname(stale), { recursive: true });
        await writeFile(stale, 'half');
        const sevenHoursAgo = new Date(Date.now() - 7 * 3_600_000);
        await utimes(stale, sevenHoursAgo, sevenHoursAgo);
        await t.app.get(RecordingFetcher).sweep();
        await expect(stat(stale)).rejects.toThrow();
      }
      await t.app.get(RecordingFetcher).fetch(callId);
      const stored = await detailOf(call.call_sid);
      expect(stored.recording).toMatchObject({ available: true, bytes: call.recording.bytes });
    });

    async function callIdOf(callSid: string): Promise<{ id: number }> {
      const [row] = (await t.dataSource.query(`SELECT id FROM calls WHERE call_sid = $1`, [
        callSid,
      ])) as { id: number }[];
      return row!;
    }
  },
);
