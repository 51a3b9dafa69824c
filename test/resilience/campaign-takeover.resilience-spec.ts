import { setTimeout as sleep } from 'node:timers/promises';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { insideWindow } from '../../src/campaigns/calling-window.js';
import type { ElevenLabsSimulator } from '../../src/elevenlabs/simulator/elevenlabs-simulator.js';
// @ts-expect-error plain JavaScript shared with the benchmark
import { startService } from '../../bench/lib/service.mjs';
import { campaignDriver, windowAroundNow } from '../support/campaign-requests.js';
import { startPlatform } from '../support/platform.js';
import {
  describeWithServiceProcesses,
  type ServiceProcess,
  serviceEnv,
} from '../support/service-processes.js';
import { TEST_JWT_SECRET } from '../support/test-app.js';
import { createTestDatabase, databaseUrl, dropTestDatabase } from '../support/test-database.js';

const DRIVERS = 100;
const CONCURRENCY = 6;
/** The plan's limit, below the campaign's concurrency: the service-wide cap wins. */
const PLAN_LIMIT = 4;
/** Campaigns leave this many of the plan's calls free for drivers calling back. */
const RESERVED_FOR_CALLBACKS = 1;
const MAX_ATTEMPTS = 3;
/** Zones within an hour of UTC, so a UTC window around now is open for every driver. */
const ZONES = ['UTC', 'Europe/London', 'Africa/Lagos', 'Atlantic/Azores', 'Atlantic/Reykjavik'];

describeWithServiceProcesses(
  'A campaign of a hundred drivers on two instances, one killed mid-way',
  () => {
    let platform: ElevenLabsSimulator;
    let webhookTarget: string | undefined;
    let database: string;
    let db: pg.Client;
    const services: ServiceProcess[] = [];

    beforeAll(async () => {
      platform = await startPlatform({
        turnDelayMs: 60,
        webhookBaseUrl: () => webhookTarget,
        syncedFor: 'monitor',
      });
      database = await createTestDatabase();
      db = new pg.Client({ connectionString: databaseUrl(database) });
      await db.connect();
      const env = serviceEnv(platform.url!, database, {
        ELEVENLABS_TIMEOUT_MS: '2000',
        ELEVENLABS_MAX_CONCURRENT_CALLS: String(PLAN_LIMIT),
        ELEVENLABS_RESERVED_INBOUND_CALLS: String(RESERVED_FOR_CALLBACKS),
        CAMPAIGN_SWEEP_SECONDS: '2',
        STUCK_CALL_SCAN_INTERVAL_SECONDS: '5',
        STUCK_CALL_AFTER_MINUTES: '0',
      });
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

    it('completes under its cap, each driver dialled inside their window and at most max_attempts times', async () => {
      const [a, b] = services;
      const token = jwt.sign({ sub: 'resilience', role: 'dispatcher' }, TEST_JWT_SECRET, {
        expiresIn: '1h',
      });
      const window = windowAroundNow();
      const drivers = Array.from({ length: DRIVERS }, (_, i) =>
        campaignDriver(
          i % 10 === 0 ? '+15005550010' : i % 25 === 1 ? '+15005550002' : '+12192002824',
          {
            timezone: ZONES[i % ZONES.length],
          },
        ),
      );
      const created = await fetch(`${a!.url}/campaigns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Takeover',
          callType: 'violation',
          timezone: 'UTC',
          calling_window: window,
          concurrency: CONCURRENCY,
          retry: { max_attempts: MAX_ATTEMPTS, delay_seconds: 1 },
          drivers,
        }),
      });
      expect(created.status).toBe(201);
      const { campaign_id } = (await created.json()) as { campaign_id: string };

      const dialled = async () =>
        Number((await db.query('SELECT count(*) AS n FROM calls')).rows[0].n as string);
      while ((await dialled()) < 30) await sleep(50);
      process.kill(a!.pid, 'SIGKILL');

      const deadline = Date.now() + 150_000;
      let campaign: {
        status: string;
        counts: Record<string, number>;
        drivers: { driver_id: string; state: string; attempts: number; call_sids: string[] }[];
      };
      for (;;) {
        const response = await fetch(`${b!.url}/campaigns/${campaign_id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        campaign = (await response.json()) as typeof campaign;
        if (campaign.status === 'completed') break;
        if (Date.now() > deadline)
          throw new Error(`Not completed: ${JSON.stringify(campaign.counts)}`);
        await sleep(250);
      }

      expect(campaign.counts.total).toBe(DRIVERS);
      expect(campaign.counts.completed + campaign.counts.failed).toBe(DRIVERS);
      // The platform never had more live calls than the plan allows.
      expect(platform.peakLiveConversations).toBeLessThanOrEqual(
        PLAN_LIMIT - RESERVED_FOR_CALLBACKS,
      );

      const byDriver = new Map<string, { at: number; toNumber: string }[]>();
      for (const conversation of platform.allConversations) {
        const driverId = String(conversation.request.conversation_initiation_client_data?.user_id);
        const list = byDriver.get(driverId) ?? [];
        list.push({ at: conversation.startUnix * 1000, toNumber: conversation.toNumber });
        byDriver.set(driverId, list);
      }
      for (const [index, driver] of drivers.entries()) {
        const state = campaign.drivers.find((d) => d.driver_id === driver.driverId)!;
        const dials = byDriver.get(driver.driverId) ?? [];
        // Dialled at least once, never more than max_attempts, never more often than attempts say.
        expect(dials.length).toBeGreaterThanOrEqual(1);
        expect(dials.length).toBeLessThanOrEqual(Math.min(MAX_ATTEMPTS, state.attempts));
        for (const dial of dials)
          expect(insideWindow(new Date(dial.at), ZONES[index % ZONES.length]!, window)).toBe(true);
        if (driver.phoneNumber === '+15005550010')
          expect(state).toMatchObject({ state: 'completed', attempts: 2 });
        if (driver.phoneNumber === '+15005550002')
          expect(state).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });
      }
    });
  },
);
