import {
  SIMULATOR_API_KEY,
  SIMULATOR_TWILIO_AUTH_TOKEN,
  SIMULATOR_WEBHOOK_SECRET,
} from './app-config.js';

/** The secrets a production start (or a CLI that uses one) refuses when weak or published. */
export type SecretName =
  'JWT_SECRET' | 'ELEVENLABS_WEBHOOK_SECRET' | 'ELEVENLABS_TOOL_SECRET' | 'TWILIO_AUTH_TOKEN';

export const MIN_SECRET_LENGTH = 32;

/**
 * Values this repository publishes (in `.env.example`, the README, compose, the tests, the
 * benchmark and the simulator). A test checks that every secret-looking value in those files is
 * here, so a new example cannot slip past.
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  'dev-only-fake-secret-change-me-0123456789abcdef',
  'dev-only-tool-secret-change-me-0123',
  'dev-only-twilio-token',
  'test-only-jwt-secret-0123456789abcdef0123456789',
  'test-only-tool-secret-0123456789abcdef',
  'bench-only-jwt-secret-0123456789abcdef0123456789',
  'bench-only-tool-secret-0123456789',
  'ci-check-tool-secret-0123456789',
  'resilience-only-tool-secret-0123',
  'wsec_fake0000000000000000000',
  SIMULATOR_WEBHOOK_SECRET,
  SIMULATOR_API_KEY,
  SIMULATOR_TWILIO_AUTH_TOKEN,
];

/** Words only a placeholder carries: a real secret is random. */
const PLACEHOLDER_WORDS =
  /change[-_ ]?me|changeme|fake|placeholder|example|[a-z]+[-_]only[-_]|simulator|secret[-_]?here|your[-_]|xxxx/i;

/** A random secret of 32+ characters has far more distinct characters than this. */
const MIN_DISTINCT_CHARACTERS = 10;

export const HOW_TO_MAKE_A_SECRET =
  "make one with `openssl rand -base64 48` or `node -e \"console.log(require('crypto').randomBytes(48).toString('base64url'))\"`";

/**
 * Why `value` cannot guard a production deployment, or null when it can: published in this
 * repository, a placeholder, too short, or too repetitive to be random. ElevenLabs' and Twilio's
 * own secrets (webhook secret, auth token) are judged on what they issue: Twilio's auth token is
 * 32 hex digits, so the length rule is the same for all.
 */
export function secretProblem(name: SecretName, value: string): string | null {
  const remedy =
    name === 'JWT_SECRET' || name === 'ELEVENLABS_TOOL_SECRET'
      ? HOW_TO_MAKE_A_SECRET
      : 'use the value your provider issued';
  if (PUBLISHED_SECRETS.includes(value) || PLACEHOLDER_WORDS.test(value))
    return `${name} is a published placeholder, which anyone can read in this repository; ${remedy}`;
  if (value.length < MIN_SECRET_LENGTH)
    return `${name} must be at least ${MIN_SECRET_LENGTH} characters long in production (it has ${value.length}); ${remedy}`;
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS)
    return `${name} is too repetitive to be random; ${remedy}`;
  return null;
}
