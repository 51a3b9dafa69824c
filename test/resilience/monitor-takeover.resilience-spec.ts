import { setTimeout as sleep } from 'node:timers/promises';
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
import jwt from 'jsonwebtoken';

describeWithServiceProcesses('The instance following a call is killed (SIGKILL) mid-call', () => {
  let platform: ElevenLabsSimulator;
  let webhookTarget: string | undefined;
  let database: string;
  let db: pg.Client;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    platform = await startPlatform({
      turnDelayMs: 400,
      webhookBaseUrl: () => webhookTarget,
      syncedFor: 'monitor',
    });
    const platformUrl = platform.url!;
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: databaseUrl(database) });
    await db.connect();
    const env = serviceEnv(platformUrl, database, { STUCK_CALL_SCAN_INTERVAL_SECONDS: '0' });
    services.push((await startService(env, { label: 'A' })) as ServiceProcess);
    services.push((await startService(env, { label: 'B' })) as ServiceProcess);
    webhookTarget = services[1]!.url;
  });
  afterAll(async () => {
    for (const service of services) await service.stop();
    await db?.end();
    await platform?.close();
    if (database) await dropTestDatabase(database);
  });

  const turnsOf = async (callSid: string) =>
    (
      await db.query<{ sequence_number: number; message_text: string; source: string }>(
        `SELECT t.sequence_number, t.message_text, t.source FROM call_transcriptions t
           JOIN calls c ON c.id = t.call_id WHERE c.call_sid = $1 ORDER BY t.sequence_number`,
        [callSid],
      )
    ).rows;

  it('another instance takes the call over once the lease runs out; every turn stored once, in order', async () => {
    const [a] = services;
    const token = jwt.sign({ sub: 'resilience', role: 'dispatcher' }, TEST_JWT_SECRET, {
      expiresIn: '1h',
    });
    const request = callRequest({
      details: [
        { type: 'violation', description: 'Your reefer is at 45 degrees but must be 38' },
        { type: 'violation', description: 'Your log is missing a signature' },
        { type: 'reminder', description: 'Send the trailer pictures' },
      ],
    });
    const response = await fetch(`${a!.url}/driver_data/call-elevenlabs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(response.status).toBe(200);
    const { call_sid, conversation_id } = (await response.json()) as Record<string, string>;
    while ((await turnsOf(call_sid)).length < 2) await sleep(50);
    process.kill(a!.pid, 'SIGKILL');
    const killedAt = Date.now();
    for (let status = 'IN_PROGRESS'; status === 'IN_PROGRESS'; await sleep(100)) {
      const { rows } = await db.query<{ status: string }>(
        'SELECT status FROM calls WHERE call_sid = $1',
        [call_sid],
      );
      status = rows[0]!.status;
      if (Date.now() - killedAt > 60_000) throw new Error('the call never completed');
    }
    const said = platform.conversation(conversation_id)!.turns.map((turn) => turn.message);
    const stored = await turnsOf(call_sid);
    expect(stored.map((turn) => turn.message_text)).toEqual(said);
    expect(stored.map((turn) => turn.sequence_number)).toEqual(said.map((_, i) => i + 1));
    // B reconnected before the conversation ended: the live source stored every turn.
    expect(stored.every((turn) => turn.source === 'monitor')).toBe(true);
    const accepted = platform.monitors.attempts.get(conversation_id)!.filter((x) => x === 101);
    expect(accepted.length).toBe(2);
  });
});
