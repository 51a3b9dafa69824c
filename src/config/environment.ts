import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { HOW_TO_MAKE_A_SECRET, type SecretName, secretProblem } from './secret-strength.js';

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
  PGLITE_DIR = './data/pglite';

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
}

export class ConfigurationError extends Error {}

/**
 * What one entry point needs beyond the variables' own rules: the server needs everything; a CLI
 * only what it uses, so `agent:sync` runs before the post-call webhook (and its secret) exists.
 */
export interface ValidationScope {
  /** Secrets refused in production when weak or published (and required there when listed). */
  secrets: SecretName[];
  /** The agent and phone-number ids are needed with an API key. */
  elevenLabsIds: boolean;
}

export const SERVER_SCOPE: ValidationScope = {
  secrets: [
    'JWT_SECRET',
    'ELEVENLABS_WEBHOOK_SECRET',
    'ELEVENLABS_TOOL_SECRET',
    'TWILIO_AUTH_TOKEN',
  ],
  elevenLabsIds: true,
};

/** agent:sync talks to ElevenLabs with the tool's secret; it needs no database or webhook secret. */
export const AGENT_SYNC_SCOPE: ValidationScope = {
  secrets: ['ELEVENLABS_TOOL_SECRET'],
  elevenLabsIds: true,
};

/** user:create and the migrations touch the database only. */
export const DATABASE_CLI_SCOPE: ValidationScope = { secrets: [], elevenLabsIds: false };

/** Checks rules that span several variables. */
function crossFieldProblems(env: Environment, scope: ValidationScope): string[] {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const needs = (name: SecretName) => scope.secrets.includes(name);
  if (production && needs('JWT_SECRET') && !env.JWT_SECRET)
    problems.push(`JWT_SECRET is required when NODE_ENV=production; ${HOW_TO_MAKE_A_SECRET}`);
  if (env.ELEVENLABS_API_KEY) {
    if (scope.elevenLabsIds)
      for (const name of ['ELEVENLABS_AGENT_ID', 'ELEVENLABS_AGENT_PHONE_NUMBER_ID'] as const) {
        if (!env[name]) problems.push(`${name} is required when ELEVENLABS_API_KEY is set`);
      }
    if (needs('ELEVENLABS_WEBHOOK_SECRET') && !env.ELEVENLABS_WEBHOOK_SECRET)
      problems.push('ELEVENLABS_WEBHOOK_SECRET is required when ELEVENLABS_API_KEY is set');
    if (env.ELEVENLABS_LIVE_SOURCE === 'twilio' && needs('TWILIO_AUTH_TOKEN')) {
      for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_BASE_URL'] as const) {
        if (!env[name]) problems.push(`${name} is required when ELEVENLABS_LIVE_SOURCE=twilio`);
      }
    }
    if (production && needs('ELEVENLABS_TOOL_SECRET') && !env.ELEVENLABS_TOOL_SECRET)
      problems.push(
        `ELEVENLABS_TOOL_SECRET is required when NODE_ENV=production; ${HOW_TO_MAKE_A_SECRET}`,
      );
  } else if (production && scope.elevenLabsIds && env.ELEVENLABS_SIMULATOR !== 'true') {
    problems.push(
      'ELEVENLABS_API_KEY is required when NODE_ENV=production (or set ELEVENLABS_SIMULATOR=true to run the simulator on purpose)',
    );
  }
  if (env.PASSWORD_SCRYPT_LOG_N < 17 && env.NODE_ENV !== 'test')
    problems.push(
      'PASSWORD_SCRYPT_LOG_N below 17 (OWASP’s minimum for scrypt) is for the test suite only (NODE_ENV=test)',
    );
  if (production) {
    for (const name of scope.secrets) {
      const value = env[name];
      const problem = value === undefined ? null : secretProblem(name, value);
      if (problem) problems.push(problem);
    }
    if (env.TRUST_PROXY === 'true')
      problems.push(
        'TRUST_PROXY=true trusts every hop, so any client can choose its own address (login throttling, the audit trail); in production name the proxies instead: TRUST_PROXY=loopback, a hop count (1), or their addresses and subnets (10.0.0.0/8)',
      );
  }
  return problems;
}

export function validateEnvironment(
  raw: Record<string, unknown>,
  scope: ValidationScope = SERVER_SCOPE,
): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const problems = errors.flatMap((error) => Object.values(error.constraints ?? {}));
  problems.push(...crossFieldProblems(env, scope));
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return env;
}
