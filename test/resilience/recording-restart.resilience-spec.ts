import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import type { ElevenLabsSimulator } from '../../src/elevenlabs/simulator/elevenlabs-simulator.js';
// @ts-expect-error plain JavaScript shared with the benchmark
import { startService } from '../../bench/lib/service.mjs';
import { callRequest } from '../support/call-requests.js';
import { startPlatform } from '../support/platform.js';
import {
  describeWithServiceProcesses,
  type ServiceProcess,
  serviceEnv,
} from '../support/service-processes.js';
import { TEST_JWT_SECRET } from '../support/test-app.js';
import { createTestDatabase, databaseUrl, dropTestDatabase } from '../support/test-database.js';

/** A slow link: the recording takes seconds to download, long enough to kill mid-way. */
const AUDIO_BYTES_PER_SECOND = 40_000;
const FETCH_TIMEOUT_SECONDS = 15;

describeWithServiceProcesses('A recording download cut off by an instance killed half-way', () => {
  let platform: ElevenLabsSimulator;
  let webhookTarget: string | undefined;
  let database: string;
  let db: pg.Client;
  let recordings: string;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    platform = await startPlatform({
      turnDelayMs: 20,
      webhookBaseUrl: () => webhookTarget,
      syncedFor: 'monitor',
    });
    platform.setFaults({ audioBytesPerSecond: AUDIO_BYTES_PER_SECOND });
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: databaseUrl(database) });
    await db.connect();
    recordings = await mkdtemp(join(tmpdir(), 'dispatch-voice-recordings-'));
  });
  afterAll(async () => {
    for (const service of services) await service.stop();
    await db?.end();
    await platform?.close();
    if (database) await dropTestDatabase(database);
    if (recordings) await rm(recordings, { recursive: true, force: true });
  });

  it('is fetched whole by the other instance once the job expires', async () => {
    const env = serviceEnv(platform.url!, database, {
      RECORDINGS_DIR: recordings,
      RECORDING_FETCH_TIMEOUT_SECONDS: String(FETCH_TIMEOUT_SECONDS),
    });
    const a = (await startService(env, { label: 'A' })) as ServiceProcess;
    services.push(a);
    webhookTarget = a.url;
    const token = jwt.sign({ sub: 'resilience', role: 'dispatcher' }, TEST_JWT_SECRET, {
      expiresIn: '1h',
    });
    const placed = await fetch(`${a.url}/driver_data/call-elevenlabs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(callRequest({ driverId: `REC_KILL_${process.pid}` })),
    });
    expect(placed.status).toBe(200);
    const { call_sid: callSid, conversation_id: conversationId } = (await placed.json()) as {
      call_sid: string;
      conversation_id: string;
    };

    // A is half-way through the download: kill it there.
    const partials = async () =>
      (await readdir(recordings, { recursive: true }).catch(() => [] as string[])).filter((name) =>
        String(name).includes('.partial-'),
      );
    const started = Date.now();
    while ((await partials()).length === 0) {
      if (Date.now() - started > 60_000) throw new Error('The download never started');
      await sleep(50);
    }
    await sleep(500);
    process.kill(a.pid, 'SIGKILL');

    const b = (await startService(env, { label: 'B' })) as ServiceProcess;
    services.push(b);
    webhookTarget = b.url;
    const deadline = Date.now() + 100_000;
    let row: { recording_key: string | null; recording_bytes: string | null };
    for (;;) {
      row = (
        await db.query('SELECT recording_key, recording_bytes FROM calls WHERE call_sid = $1', [
          callSid,
        ])
      ).rows[0] as typeof row;
      if (row.recording_key) break;
      if (Date.now() > deadline) throw new Error('The recording was never stored');
      await sleep(250);
    }
    const conversation = platform.conversation(conversationId)!;
    // 104-byte frames of 1152 samples at 44.1 kHz: the whole recording, not A's half.
    const whole = Math.ceil((conversation.durationSecs * 44_100) / 1152) * 104;
    expect(Number(row.recording_bytes)).toBe(whole);
    expect((await stat(join(recordings, row.recording_key!))).size).toBe(whole);
    const served = await fetch(`${b.url}/calls/${encodeURIComponent(callSid)}/recording`, {
      headers: { authorization: `Bearer ${token}`, range: `bytes=${whole - 4}-` },
    });
    expect(served.status).toBe(206);
    expect(Buffer.from(await served.arrayBuffer()).length).toBe(4);
  }, 180_000);
});
