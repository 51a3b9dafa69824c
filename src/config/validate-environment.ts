import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Environment } from './environment.js';
import { SAMPLE_COMPANY_NAME } from './caller-identity.js';
import { HOW_TO_MAKE_A_SECRET, type SecretName, secretProblem } from './secret-strength.js';

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
  /** Who is calling is needed in production (the server places calls). */
  callerIdentity?: boolean;
}

export const SERVER_SCOPE: ValidationScope = {
  secrets: [
    'JWT_SECRET',
    'ELEVENLABS_WEBHOOK_SECRET',
    'ELEVENLABS_TOOL_SECRET',
    'TWILIO_AUTH_TOKEN',
  ],
  elevenLabsIds: true,
  callerIdentity: true,
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
  if (env.ELEVENLABS_RESERVED_INBOUND_CALLS >= env.ELEVENLABS_MAX_CONCURRENT_CALLS)
    problems.push(
      `ELEVENLABS_RESERVED_INBOUND_CALLS (${env.ELEVENLABS_RESERVED_INBOUND_CALLS}) must be below ELEVENLABS_MAX_CONCURRENT_CALLS (${env.ELEVENLABS_MAX_CONCURRENT_CALLS}), or campaigns would never dial`,
    );
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
    if (scope.callerIdentity) problems.push(...callerIdentityProblems(env));
    if (env.TRUST_PROXY === 'true')
      problems.push(
        'TRUST_PROXY=true trusts every hop, so any client can choose its own address (login throttling, the audit trail); in production name the proxies instead: TRUST_PROXY=loopback, a hop count (1), or their addresses and subnets (10.0.0.0/8)',
      );
  }
  return problems;
}

/** In production the agent must say who is really calling. */
function callerIdentityProblems(env: Environment): string[] {
  if (env.COMPANY_NAME && env.COMPANY_NAME.trim() !== SAMPLE_COMPANY_NAME) return [];
  return [
    'COMPANY_NAME is required when NODE_ENV=production: every call says who is calling (not the sample name)',
  ];
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
