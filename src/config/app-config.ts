import { randomBytes } from 'node:crypto';
import type { Environment } from './environment.js';

/** The simulator's built-in webhook secret: a development value, used only without an API key. */
export const SIMULATOR_WEBHOOK_SECRET = 'wsec_dispatch_voice_simulator_dev_secret';
/** The API key the service and its in-process simulator agree on. Not a real ElevenLabs key. */
export const SIMULATOR_API_KEY = 'sk_simulator_local_dev_key';
export const SIMULATOR_AGENT_ID = 'agent_simulator0000000000000000';
export const SIMULATOR_PHONE_NUMBER_ID = 'phnum_simulator000000000000000';

export interface ElevenLabsSettings {
  simulated: boolean;
  apiKey: string;
  /** Empty while simulated: the simulator's address is only known once it listens. */
  baseUrl: string;
  agentId: string;
  agentPhoneNumberId: string;
  webhookSecret: string;
  timeoutMs: number;
  simulatorTurnDelayMs: number;
}

/** Typed, derived configuration. Built once from the validated environment. */
export class AppConfig {
  readonly production: boolean;
  readonly port: number;
  readonly database:
    | { kind: 'postgres'; url: string; runMigrations: boolean }
    | { kind: 'pglite'; dataDir: string; runMigrations: boolean };
  readonly jwt: { secret: string; generated: boolean; expiresIn: string };
  readonly elevenLabs: ElevenLabsSettings;
  readonly redisUrl?: string;
  readonly corsOrigins: string[] | undefined;
  readonly logLevel: string;
  readonly bodyLimit: string;
  readonly webhookBodyLimit: string;
  readonly calls: { rateLimitPerMinute: number; maxDurationSeconds: number };
  readonly stuckCalls: { afterMinutes: number; scanIntervalSeconds: number; concurrency: number };
  readonly localAdmin: { email?: string; password?: string };
  /** WebSocket ping interval; a socket that missed one pong is dropped at the next. */
  readonly wsHeartbeatMs: number;

  constructor(env: Environment) {
    this.production = env.NODE_ENV === 'production';
    this.port = env.PORT;
    const runMigrations = env.MIGRATIONS_RUN !== 'false';
    this.database = env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, runMigrations }
      : { kind: 'pglite', dataDir: env.PGLITE_DIR, runMigrations };
    this.jwt = {
      secret: env.JWT_SECRET ?? randomBytes(32).toString('hex'),
      generated: !env.JWT_SECRET,
      expiresIn: env.JWT_EXPIRES_IN,
    };
    const simulated = !env.ELEVENLABS_API_KEY;
    this.elevenLabs = {
      simulated,
      apiKey: env.ELEVENLABS_API_KEY ?? SIMULATOR_API_KEY,
      baseUrl: simulated ? '' : env.ELEVENLABS_BASE_URL.replace(/\/+$/, ''),
      agentId: env.ELEVENLABS_AGENT_ID ?? SIMULATOR_AGENT_ID,
      agentPhoneNumberId: env.ELEVENLABS_AGENT_PHONE_NUMBER_ID ?? SIMULATOR_PHONE_NUMBER_ID,
      webhookSecret: env.ELEVENLABS_WEBHOOK_SECRET ?? SIMULATOR_WEBHOOK_SECRET,
      timeoutMs: env.ELEVENLABS_TIMEOUT_MS,
      simulatorTurnDelayMs: env.SIMULATOR_TURN_DELAY_MS,
    };
    this.redisUrl = env.REDIS_URL;
    this.corsOrigins = env.CORS_ORIGINS?.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
    this.logLevel = env.LOG_LEVEL;
    this.bodyLimit = env.BODY_LIMIT;
    this.webhookBodyLimit = env.WEBHOOK_BODY_LIMIT;
    this.calls = {
      rateLimitPerMinute: env.CALL_RATE_LIMIT_PER_MINUTE,
      maxDurationSeconds: env.CALL_MAX_DURATION_SECONDS,
    };
    this.stuckCalls = {
      afterMinutes: env.STUCK_CALL_AFTER_MINUTES,
      scanIntervalSeconds: env.STUCK_CALL_SCAN_INTERVAL_SECONDS,
      concurrency: env.STUCK_CALL_CONCURRENCY,
    };
    this.localAdmin = { email: env.LOCAL_ADMIN_EMAIL, password: env.LOCAL_ADMIN_PASSWORD };
    this.wsHeartbeatMs = env.WS_HEARTBEAT_MS;
  }
}
