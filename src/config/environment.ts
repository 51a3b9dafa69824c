import { Transform } from 'class-transformer';
import { DEFAULT_PGLITE_DIR } from './embedded-database-dir.js';
import {
  IsBooleanString,
  MaxLength,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the service reads, with its default. Validated once at start;
 * a bad value stops the process with a message naming the variable.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  PGLITE_DIR = DEFAULT_PGLITE_DIR;

  @IsBooleanString()
  MIGRATIONS_RUN = 'true';

  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  /** A bare number is seconds (jsonwebtoken would read a digit string as milliseconds). */
  @Matches(/^[1-9]\d*[smhd]?$/, {
    message: 'JWT_EXPIRES_IN must be seconds (3600) or a number with s, m, h or d (30m, 12h, 7d)',
  })
  JWT_EXPIRES_IN = '12h';

  /** When set, tokens must carry this `iss`, and the service's own tokens do. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JWT_ISSUER?: string;

  /** When set, tokens must carry this `aud`, and the service's own tokens do. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JWT_AUDIENCE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ELEVENLABS_API_KEY?: string;

  @IsUrl({ require_tld: false, require_protocol: true })
  ELEVENLABS_BASE_URL = 'https://api.elevenlabs.io';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ELEVENLABS_AGENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ELEVENLABS_AGENT_PHONE_NUMBER_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ELEVENLABS_WEBHOOK_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300000)
  ELEVENLABS_TIMEOUT_MS = 10000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsBooleanString()
  ELEVENLABS_SIMULATOR?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  SIMULATOR_TURN_DELAY_MS = 1500;

  @IsIn(['monitor', 'twilio', 'webhook'], {
    message: 'ELEVENLABS_LIVE_SOURCE must be monitor, twilio or webhook',
  })
  ELEVENLABS_LIVE_SOURCE: 'monitor' | 'twilio' | 'webhook' = 'monitor';

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(300)
  LIVE_LEASE_SECONDS = 10;

  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(16, { message: 'ELEVENLABS_TOOL_SECRET must be at least 16 characters long' })
  ELEVENLABS_TOOL_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'PUBLIC_BASE_URL must be an http(s) URL, e.g. https://dispatch.example.com' },
  )
  PUBLIC_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, {
    message: 'TWILIO_ACCOUNT_SID must look like AC + 32 hex digits',
  })
  TWILIO_ACCOUNT_SID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TWILIO_AUTH_TOKEN?: string;

  @IsUrl({ require_tld: false, require_protocol: true })
  TWILIO_BASE_URL = 'https://api.twilio.com';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT = '1mb';

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'WEBHOOK_BODY_LIMIT must look like 100kb or 50mb' })
  WEBHOOK_BODY_LIMIT = '50mb';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  CALL_RATE_LIMIT_PER_MINUTE = 30;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  CALL_MAX_DURATION_SECONDS = 1800;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  STUCK_CALL_AFTER_MINUTES = 15;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  STUCK_CALL_SCAN_INTERVAL_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  STUCK_CALL_CONCURRENCY = 4;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300000)
  WS_HEARTBEAT_MS = 25000;

  /** Calls and campaigns one socket may follow at once (TOO_MANY_SUBSCRIPTIONS above it). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  WS_MAX_SUBSCRIPTIONS = 100;

  /** Messages one socket may send per second on average (RATE_LIMITED above it); bursts of twice this pass. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  WS_MAX_MESSAGES_PER_SECOND = 20;

  /** The ElevenLabs plan's concurrent-call limit: campaigns never dial beyond it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  ELEVENLABS_MAX_CONCURRENT_CALLS = 10;

  /** Of those, campaigns leave this many free for drivers calling back. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  ELEVENLABS_RESERVED_INBOUND_CALLS = 2;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  CAMPAIGN_SWEEP_SECONDS = 15;

  /** Failed sign-ins one account may have per window before it answers 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  /** Failed sign-ins one client address may have per window, whatever the accounts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /** Express's `trust proxy`: unset trusts no proxy (the client address is the socket's). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /**
   * log2 of scrypt's N for new password hashes: 17 (OWASP's minimum). Only the test suite may
   * lower it (NODE_ENV=test), to keep hundreds of sign-ins fast.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(20)
  PASSWORD_SCRYPT_LOG_N = 17;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  LOCAL_ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(12, { message: 'LOCAL_ADMIN_PASSWORD must be at least 12 characters long' })
  LOCAL_ADMIN_PASSWORD?: string;

  /** Who the agent says is calling (first message, voicemail). Required in production. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  COMPANY_NAME?: string;

  /** The agent's phone number (E.164): the voicemail asks the driver to call it back. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, {
    message: 'ELEVENLABS_AGENT_PHONE_NUMBER must be an E.164 number such as +12195550100',
  })
  ELEVENLABS_AGENT_PHONE_NUMBER?: string;

  /** Every first message says the call is recorded; false only with recording off at the platform. */
  @IsBooleanString()
  RECORDING_DISCLOSURE = 'true';

  /** A driver's open items older than this are left out of their record and callbacks. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  OPEN_ITEMS_MAX_AGE_DAYS = 30;

  /** Being on duty lapses this many hours after it was set, so a forgotten flag routes nothing. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(72)
  ON_DUTY_HOURS = 12;

  /** The team's 24/7 line (E.164): transfers when no dispatcher is on duty, and emergencies. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, {
    message: 'ESCALATION_PHONE_NUMBER must be an E.164 number such as +12195550199',
  })
  ESCALATION_PHONE_NUMBER?: string;

  /** conference: the agent tells the dispatcher who is on the line first; blind: put straight through. */
  @IsIn(['conference', 'blind'], {
    message: 'ESCALATION_TRANSFER_TYPE must be conference or blind',
  })
  ESCALATION_TRANSFER_TYPE: 'conference' | 'blind' = 'conference';

  /** Where copies of call recordings are kept (one instance, or a volume every instance shares). */
  @IsString()
  @MaxLength(500)
  RECORDINGS_DIR = './data/recordings';

  /** Keep recordings in this S3-compatible bucket instead of RECORDINGS_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'RECORDINGS_S3_BUCKET must be a bucket name (3-63 lowercase letters, digits, . and -)',
  })
  RECORDINGS_S3_BUCKET?: string;

  /** An S3-compatible server (MinIO, R2, …); unset for AWS S3 itself. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'RECORDINGS_S3_ENDPOINT must be an http(s) URL' },
  )
  RECORDINGS_S3_ENDPOINT?: string;

  @IsString()
  @MaxLength(50)
  RECORDINGS_S3_REGION = 'us-east-1';

  /** Recordings older than this many days are deleted by a scheduled job. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RECORDING_RETENTION_DAYS = 90;

  /** How long one recording download may take before it is abandoned and retried (seconds). */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  RECORDING_FETCH_TIMEOUT_SECONDS = 170;

  /** How long a console's signed link to a recording plays (seconds). */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(3600)
  RECORDING_LINK_SECONDS = 300;

  /** Driver-local hours campaigns may dial in, whatever a calling window says. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
    message: 'QUIET_HOURS must be the hours calls are allowed in, HH:MM-HH:MM (08:00-21:00)',
  })
  QUIET_HOURS = '08:00-21:00';
}
