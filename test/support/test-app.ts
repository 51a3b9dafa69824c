import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import {
  SIMULATOR_AGENT_ID,
  SIMULATOR_API_KEY,
  SIMULATOR_PHONE_NUMBER_ID,
  SIMULATOR_TWILIO_ACCOUNT_SID,
  SIMULATOR_TWILIO_AUTH_TOKEN,
  SIMULATOR_WEBHOOK_SECRET,
} from '../../src/config/app-config.js';
import { SimulatorHost } from '../../src/elevenlabs/simulator/simulator-host.js';
import type { ElevenLabsSimulator } from '../../src/elevenlabs/simulator/elevenlabs-simulator.js';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './test-database.js';
import { LocalAdminSeeder } from '../../src/auth/local-admin.seeder.js';

export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdef0123456789';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  wsUrl: string;
  dataSource: DataSource;
  simulator: ElevenLabsSimulator;
  /** A bearer token as another service with the same secret would mint it. */
  token(claims?: Record<string, unknown>): string;
  close(): Promise<void>;
  /** Where this app keeps recordings. */
  recordingsDir: string;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /**
   * ElevenLabs (and Twilio) played by this simulator, as a real account would be, instead of the
   * app's built-in one: several apps can then share one platform.
   */
  platform?: ElevenLabsSimulator;
  /** Share a database with another test app (a second instance). */
  database?: { kind: 'postgres'; name: string } | { kind: 'pglite'; dir: string };
}

/** Boots the real AppModule on a loopback port, on its own database, with the ElevenLabs simulator. */
export async function startTestApp(
  options: TestAppOptions = {},
): Promise<TestApp & { database: NonNullable<TestAppOptions['database']> }> {
  const database =
    options.database ??
    (process.env.TEST_DATABASE === 'postgres'
      ? { kind: 'postgres' as const, name: await createTestDatabase() }
      : { kind: 'pglite' as const, dir: `memory://test-${randomBytes(6).toString('hex')}` });
  const recordingsDir =
    options.env?.RECORDINGS_DIR ?? (await mkdtemp(join(tmpdir(), 'dispatch-voice-recordings-')));
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'fatal',
    SIMULATOR_TURN_DELAY_MS: '15',
    STUCK_CALL_SCAN_INTERVAL_SECONDS: '0',
    CALL_RATE_LIMIT_PER_MINUTE: '10000',
    // Sign-ins at the old scrypt cost keep the suite fast; the hardening test uses the real one.
    PASSWORD_SCRYPT_LOG_N: '14',
    ELEVENLABS_TIMEOUT_MS: '2000',
    ELEVENLABS_API_KEY: undefined,
    REDIS_URL: undefined,
    DATABASE_URL: database.kind === 'postgres' ? databaseUrl(database.name) : undefined,
    PGLITE_DIR: database.kind === 'pglite' ? database.dir : undefined,
    MIGRATIONS_RUN: database.kind === 'postgres' ? 'false' : 'true',
    ELEVENLABS_BASE_URL: undefined,
    ELEVENLABS_LIVE_SOURCE: undefined,
    LIVE_LEASE_SECONDS: undefined,
    PUBLIC_BASE_URL: undefined,
    TWILIO_BASE_URL: undefined,
    TWILIO_ACCOUNT_SID: undefined,
    TWILIO_AUTH_TOKEN: undefined,
    // Campaign tests dial at any hour of the day the suite runs: no quiet hours unless a test sets them.
    QUIET_HOURS: '00:00-00:00',
    COMPANY_NAME: undefined,
    ELEVENLABS_AGENT_PHONE_NUMBER: undefined,
    RECORDING_DISCLOSURE: undefined,
    // Each app its own recordings, removed with it (two instances of one service share a dir).
    RECORDINGS_DIR: recordingsDir,
    RECORDINGS_S3_BUCKET: undefined,
    RECORDINGS_S3_ENDPOINT: undefined,
    ...(options.platform ? platformEnv(options.platform) : {}),
    ...options.env,
  };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: ['error'],
    }),
  );
  await app.listen(0, '127.0.0.1');
  // The embedded database's local admin is created after the start: tests begin once it exists.
  await app.get(LocalAdminSeeder).done;
  const { port } = app.getHttpServer().address() as AddressInfo;
  const simulator = options.platform ?? app.get(SimulatorHost).simulator!;
  let closed = false;
  return {
    app,
    database,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws/calls/transcriptions`,
    dataSource: app.get(DataSource),
    simulator,
    recordingsDir,
    token: (claims = {}) =>
      jwt.sign({ sub: 'user-1', role: 'dispatcher', ...claims }, TEST_JWT_SECRET, {
        algorithm: 'HS256',
        expiresIn: '1h',
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      if (!options.database && database.kind === 'postgres') await dropTestDatabase(database.name);
      if (!options.env?.RECORDINGS_DIR) await rm(recordingsDir, { recursive: true, force: true });
    },
  };
}

/** The settings of a real account, pointed at a simulator the test runs. */
function platformEnv(platform: ElevenLabsSimulator): Record<string, string> {
  if (!platform.url) throw new Error('Start the simulator (listen) before the apps that use it');
  return {
    ELEVENLABS_API_KEY: SIMULATOR_API_KEY,
    ELEVENLABS_BASE_URL: platform.url,
    ELEVENLABS_AGENT_ID: SIMULATOR_AGENT_ID,
    ELEVENLABS_AGENT_PHONE_NUMBER_ID: SIMULATOR_PHONE_NUMBER_ID,
    ELEVENLABS_WEBHOOK_SECRET: SIMULATOR_WEBHOOK_SECRET,
    TWILIO_BASE_URL: platform.url,
    TWILIO_ACCOUNT_SID: SIMULATOR_TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: SIMULATOR_TWILIO_AUTH_TOKEN,
  };
}
