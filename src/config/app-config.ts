import { randomBytes } from 'node:crypto';
import { SAMPLE_CALLBACK_NUMBER, SAMPLE_COMPANY_NAME } from './caller-identity.js';
import type { Environment } from './environment.js';

/** The simulator's built-in webhook secret: a development value, used only without an API key. */
export const SIMULATOR_WEBHOOK_SECRET = 'wsec_dispatch_voice_simulator_dev_secret';
/** The API key the service and its in-process simulator agree on. Not a real ElevenLabs key. */
export const SIMULATOR_API_KEY = 'sk_simulator_local_dev_key';
export const SIMULATOR_AGENT_ID = 'agent_simulator0000000000000000';
export const SIMULATOR_PHONE_NUMBER_ID = 'phnum_simulator000000000000000';
/** The simulated Twilio account's credentials (it signs its callbacks with the token). */
export const SIMULATOR_TWILIO_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const SIMULATOR_TWILIO_AUTH_TOKEN = 'simulator_twilio_auth_token_dev';

export type LiveSource = 'monitor' | 'twilio' | 'webhook';

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
  readonly jwt: {
    secret: string;
    generated: boolean;
    /** Seconds (a bare number) or a duration like `12h`, as jsonwebtoken reads them. */
    expiresIn: number | string;
    issuer?: string;
    audience?: string;
  };
  readonly elevenLabs: ElevenLabsSettings;
  /** Where live turns come from, and the address ElevenLabs and Twilio reach us at. */
  readonly live: { source: LiveSource; publicBaseUrl?: string; leaseSeconds: number };
  /** `authToken` is empty when no Twilio account is configured: no callback validates then. */
  readonly twilio: { accountSid: string; authToken: string; baseUrl: string };
  /** The shared secret ElevenLabs' webhook tools send in `x-tool-secret`. */
  readonly toolSecret: { value: string; generated: boolean };
  readonly redisUrl?: string;
  readonly corsOrigins: string[] | undefined;
  readonly logLevel: string;
  readonly bodyLimit: string;
  readonly webhookBodyLimit: string;
  readonly calls: { rateLimitPerMinute: number; maxDurationSeconds: number };
  readonly stuckCalls: { afterMinutes: number; scanIntervalSeconds: number; concurrency: number };
  readonly localAdmin: { email?: string; password?: string };
  /** log2 of scrypt's N for new password hashes (17 but in the test suite). */
  readonly passwordScryptLogN: number;
  readonly campaigns: {
    maxConcurrentCalls: number;
    /** Left free for callbacks: campaigns dial at most maxConcurrentCalls minus this. */
    reservedInboundCalls: number;
    sweepSeconds: number;
  };
  readonly login: { maxFailures: number; maxFailuresPerAddress: number; windowSeconds: number };
  /** Express's `trust proxy` value, when the service runs behind a proxy or load balancer. */
  readonly trustProxy?: boolean | number | string;
  /** WebSocket ping interval; a socket that missed one pong is dropped at the next. */
  readonly wsHeartbeatMs: number;
  /** What one socket may ask: subscriptions at once, and messages a second (with a burst). */
  readonly wsLimits: { maxSubscriptions: number; messagesPerSecond: number; burst: number };
  readonly drivers: { openItemsMaxAgeDays: number };
  /** Dispatchers taking transferred calls: how long being on duty lasts. */
  readonly duty: { hours: number };
  /** Copies of call recordings: where, for how long, and how long a signed link plays. */
  readonly recordings: {
    dir: string;
    /** Set: recordings live in this bucket instead of `dir`. */
    s3: { bucket: string; endpoint?: string; region: string } | null;
    retentionDays: number;
    linkSeconds: number;
    /** One download's time limit; a job cut off by a dead instance is retried just after. */
    fetchTimeoutSeconds: number;
  };
  /** Where transfers go when no dispatcher is on duty, and how they are made. */
  readonly escalation: { phoneNumber: string | null; transferType: 'conference' | 'blind' };
  /** What every call says, and when campaigns may dial (driver-local `HH:MM`). */
  readonly compliance: {
    companyName: string;
    /** The number drivers call back (the agent's); null when not configured. */
    callbackNumber: string | null;
    /** RECORDING_DISCLOSURE: false only where the platform records nothing (RecordingNotice). */
    recordingDisclosure: boolean;
    quietHours: { start: string; end: string };
  };

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
      expiresIn: /^\d+$/.test(env.JWT_EXPIRES_IN) ? Number(env.JWT_EXPIRES_IN) : env.JWT_EXPIRES_IN,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
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
    this.live = {
      source: env.ELEVENLABS_LIVE_SOURCE,
      publicBaseUrl: env.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
      leaseSeconds: env.LIVE_LEASE_SECONDS,
    };
    this.twilio = {
      accountSid: env.TWILIO_ACCOUNT_SID ?? SIMULATOR_TWILIO_ACCOUNT_SID,
      // The simulator's published token is the simulator's alone: never a real account's.
      authToken: env.TWILIO_AUTH_TOKEN ?? (simulated ? SIMULATOR_TWILIO_AUTH_TOKEN : ''),
      baseUrl: simulated ? '' : env.TWILIO_BASE_URL.replace(/\/+$/, ''),
    };
    this.toolSecret = {
      value: env.ELEVENLABS_TOOL_SECRET ?? randomBytes(24).toString('base64url'),
      generated: !env.ELEVENLABS_TOOL_SECRET,
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
    this.passwordScryptLogN = env.PASSWORD_SCRYPT_LOG_N;
    this.wsHeartbeatMs = env.WS_HEARTBEAT_MS;
    this.wsLimits = {
      maxSubscriptions: env.WS_MAX_SUBSCRIPTIONS,
      messagesPerSecond: env.WS_MAX_MESSAGES_PER_SECOND,
      burst: env.WS_MAX_MESSAGES_PER_SECOND * 2,
    };
    this.drivers = { openItemsMaxAgeDays: env.OPEN_ITEMS_MAX_AGE_DAYS };
    this.duty = { hours: env.ON_DUTY_HOURS };
    this.recordings = {
      dir: env.RECORDINGS_DIR,
      s3: env.RECORDINGS_S3_BUCKET
        ? {
            bucket: env.RECORDINGS_S3_BUCKET,
            endpoint: env.RECORDINGS_S3_ENDPOINT,
            region: env.RECORDINGS_S3_REGION,
          }
        : null,
      retentionDays: env.RECORDING_RETENTION_DAYS,
      linkSeconds: env.RECORDING_LINK_SECONDS,
      fetchTimeoutSeconds: env.RECORDING_FETCH_TIMEOUT_SECONDS,
    };
    this.escalation = {
      phoneNumber: env.ESCALATION_PHONE_NUMBER ?? null,
      transferType: env.ESCALATION_TRANSFER_TYPE,
    };
    const [quietStart, quietEnd] = env.QUIET_HOURS.split('-') as [string, string];
    this.compliance = {
      companyName: env.COMPANY_NAME?.trim() || SAMPLE_COMPANY_NAME,
      callbackNumber:
        env.ELEVENLABS_AGENT_PHONE_NUMBER ?? (simulated ? SAMPLE_CALLBACK_NUMBER : null),
      recordingDisclosure: env.RECORDING_DISCLOSURE !== 'false',
      quietHours: { start: quietStart, end: quietEnd },
    };
    this.campaigns = {
      maxConcurrentCalls: env.ELEVENLABS_MAX_CONCURRENT_CALLS,
      reservedInboundCalls: env.ELEVENLABS_RESERVED_INBOUND_CALLS,
      sweepSeconds: env.CAMPAIGN_SWEEP_SECONDS,
    };
    this.login = {
      maxFailures: env.LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
    };
    this.trustProxy = trustProxyValue(env.TRUST_PROXY);
  }
}

/** `true`/`false`, a hop count, or addresses/subnets as Express takes them. */
function trustProxyValue(value: string | undefined): boolean | number | string | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}
