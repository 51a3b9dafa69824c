import {
  SIMULATOR_API_KEY,
  SIMULATOR_TWILIO_ACCOUNT_SID,
  SIMULATOR_TWILIO_AUTH_TOKEN,
  SIMULATOR_WEBHOOK_SECRET,
} from '../../config/app-config.js';
import { loadDotEnv } from '../../config/dotenv.js';
import { ElevenLabsSimulator } from './elevenlabs-simulator.js';
import { TEST_NUMBERS } from './test-numbers.js';

/**
 * `npm run simulator`: the ElevenLabs simulator (and the customer's Twilio account) on its own
 * port, for a backend configured with ELEVENLABS_BASE_URL and TWILIO_BASE_URL pointing here.
 * Webhooks go to SIMULATOR_WEBHOOK_URL; per-turn Part 2 webhooks only with
 * SIMULATOR_PER_TURN_WEBHOOKS=true (the real platform sends none). Its agents start as new
 * ones do: run `npm run agent:sync` against it.
 */
loadDotEnv();
const port = Number(process.env.SIMULATOR_PORT ?? 4010);
const webhookUrl = (process.env.SIMULATOR_WEBHOOK_URL ?? 'http://127.0.0.1:3000').replace(
  /\/+$/,
  '',
);
const simulator = new ElevenLabsSimulator({
  apiKey: process.env.ELEVENLABS_API_KEY ?? SIMULATOR_API_KEY,
  webhookSecret: process.env.ELEVENLABS_WEBHOOK_SECRET ?? SIMULATOR_WEBHOOK_SECRET,
  turnDelayMs: Number(process.env.SIMULATOR_TURN_DELAY_MS ?? 1500),
  webhookBaseUrl: () => webhookUrl,
  perTurnWebhooks: process.env.SIMULATOR_PER_TURN_WEBHOOKS === 'true',
  concurrencyLimit: process.env.SIMULATOR_CONCURRENCY_LIMIT
    ? Number(process.env.SIMULATOR_CONCURRENCY_LIMIT)
    : undefined,
  twilio: {
    accountSid: process.env.TWILIO_ACCOUNT_SID ?? SIMULATOR_TWILIO_ACCOUNT_SID,
    authToken: process.env.TWILIO_AUTH_TOKEN ?? SIMULATOR_TWILIO_AUTH_TOKEN,
  },
  log: (message) => console.warn(message),
});
const url = await simulator.listen(port, process.env.SIMULATOR_HOST ?? '127.0.0.1');
console.log(`ElevenLabs simulator listening on ${url}; webhooks go to ${webhookUrl}`);
console.log('Test numbers:');
for (const [number, { description }] of Object.entries(TEST_NUMBERS))
  console.log(`  ${number}  ${description}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void simulator.close().then(() => process.exit(0)));
}
