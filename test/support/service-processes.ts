import { existsSync } from 'node:fs';
import {
  SIMULATOR_AGENT_ID,
  SIMULATOR_API_KEY,
  SIMULATOR_PHONE_NUMBER_ID,
  SIMULATOR_WEBHOOK_SECRET,
} from '../../src/config/app-config.js';
import { TEST_JWT_SECRET } from './test-app.js';
import { databaseUrl } from './test-database.js';

/** A built service running as its own process (bench/lib/service.mjs). */
export interface ServiceProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `describe` for suites that run the built service as separate processes on PostgreSQL;
 * skipped (with a warning) without `npm run build` or the PostgreSQL server.
 */
export function describeWithServiceProcesses(name: string, suite: () => void): void {
  const runnable = existsSync('dist/bundle/main.mjs') && process.env.TEST_DATABASE === 'postgres';
  if (!runnable) console.warn(`${name}: skipped; it needs \`npm run build\` and PostgreSQL.`);
  (runnable ? describe : describe.skip)(name, suite);
}

/** The environment of a service process on `database`, with ElevenLabs played at `platformUrl`. */
export function serviceEnv(
  platformUrl: string,
  database: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl(database),
    JWT_SECRET: TEST_JWT_SECRET,
    ELEVENLABS_API_KEY: SIMULATOR_API_KEY,
    ELEVENLABS_BASE_URL: platformUrl,
    ELEVENLABS_AGENT_ID: SIMULATOR_AGENT_ID,
    ELEVENLABS_AGENT_PHONE_NUMBER_ID: SIMULATOR_PHONE_NUMBER_ID,
    ELEVENLABS_WEBHOOK_SECRET: SIMULATOR_WEBHOOK_SECRET,
    ELEVENLABS_TOOL_SECRET: 'resilience-only-tool-secret-0123',
    LIVE_LEASE_SECONDS: '2',
    // Not production (startService's default): these processes share the tests' published
    // secrets, which production refuses, and the suite's cheaper password hashing.
    NODE_ENV: 'test',
    PASSWORD_SCRYPT_LOG_N: '14',
    QUIET_HOURS: '00:00-00:00',
    ...extra,
  };
}
