import { AppConfig } from './app-config.js';
import { ConfigurationError, validateEnvironment } from './environment.js';

const PRODUCTION_SECRET = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) };

describe('validateEnvironment', () => {
  it('applies the documented defaults', () => {
    const config = new AppConfig(validateEnvironment({}));
    expect(config).toMatchObject({
      port: 3000,
      database: { kind: 'pglite', dataDir: './data/pglite', runMigrations: true },
      jwt: { expiresIn: '12h', generated: true },
    });
    expect(config.elevenLabs).toMatchObject({ simulated: true, timeoutMs: 10000 });
    expect(config.redisUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ ELEVENLABS_TIMEOUT_MS: '5' }, /ELEVENLABS_TIMEOUT_MS/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
    [
      { ELEVENLABS_API_KEY: 'sk_x' },
      /ELEVENLABS_AGENT_ID is required.*ELEVENLABS_AGENT_PHONE_NUMBER_ID is required.*ELEVENLABS_WEBHOOK_SECRET is required/,
    ],
    [
      { NODE_ENV: 'production', ELEVENLABS_SIMULATOR: 'true' },
      /JWT_SECRET is required when NODE_ENV=production/,
    ],
    [PRODUCTION_SECRET, /ELEVENLABS_API_KEY is required when NODE_ENV=production/],
  ])('fails fast naming the variable for %j', (env, message) => {
    expect(() => validateEnvironment(env)).toThrow(ConfigurationError);
    expect(() => validateEnvironment(env)).toThrow(message);
  });

  it('runs the simulator in production only when asked explicitly', () => {
    const config = new AppConfig(
      validateEnvironment({ ...PRODUCTION_SECRET, ELEVENLABS_SIMULATOR: 'true' }),
    );
    expect(config.elevenLabs.simulated).toBe(true);
  });

  it('uses PostgreSQL and the real ElevenLabs when configured', () => {
    const config = new AppConfig(
      validateEnvironment({
        ...PRODUCTION_SECRET,
        DATABASE_URL: 'postgres://u@db/x',
        ELEVENLABS_API_KEY: 'sk_live',
        ELEVENLABS_AGENT_ID: 'agent_1',
        ELEVENLABS_AGENT_PHONE_NUMBER_ID: 'phnum_1',
        ELEVENLABS_WEBHOOK_SECRET: 'wsec_1',
        ELEVENLABS_TOOL_SECRET: 'tool-secret-0123456789',
        MIGRATIONS_RUN: 'false',
      }),
    );
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db/x',
      runMigrations: false,
    });
    expect(config.elevenLabs).toMatchObject({
      simulated: false,
      apiKey: 'sk_live',
      baseUrl: 'https://api.elevenlabs.io',
      webhookSecret: 'wsec_1',
    });
    expect(config.jwt.generated).toBe(false);
    expect(config.toolSecret).toEqual({ value: 'tool-secret-0123456789', generated: false });
    expect(config.live).toMatchObject({ source: 'monitor' });
  });

  it('needs the Twilio account and a public address for the twilio live source', () => {
    expect(() =>
      validateEnvironment({
        ELEVENLABS_API_KEY: 'sk_live',
        ELEVENLABS_AGENT_ID: 'agent_1',
        ELEVENLABS_AGENT_PHONE_NUMBER_ID: 'phnum_1',
        ELEVENLABS_WEBHOOK_SECRET: 'wsec_1',
        ELEVENLABS_LIVE_SOURCE: 'twilio',
      }),
    ).toThrow(
      'TWILIO_ACCOUNT_SID is required when ELEVENLABS_LIVE_SOURCE=twilio; TWILIO_AUTH_TOKEN is required when ELEVENLABS_LIVE_SOURCE=twilio; PUBLIC_BASE_URL is required when ELEVENLABS_LIVE_SOURCE=twilio',
    );
    expect(() => validateEnvironment({ ELEVENLABS_LIVE_SOURCE: 'sse' })).toThrow(
      'ELEVENLABS_LIVE_SOURCE must be monitor, twilio or webhook',
    );
  });
});
