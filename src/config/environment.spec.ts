import { AppConfig } from './app-config.js';
import {
  AGENT_SYNC_SCOPE,
  ConfigurationError,
  DATABASE_CLI_SCOPE,
  validateEnvironment,
} from './validate-environment.js';
import { PUBLISHED_SECRETS } from './secret-strength.js';

/** Random-looking values, as `openssl rand -base64 48` makes them. */
const STRONG = {
  jwt: 'q3V9mZ2rT8wK1xN4bL7cP0sF6hJ5dG2aY8uE3iO9kR1tW4vB',
  webhook: 'wsec_7f3a9c1e5b2d8f4a6c0e9b3d7f1a5c8e2b6d0f4a9c3e7b1d5f8a2c6e0b4d9f3a',
  tool: 'Jp4Xz8Qm2Rv6Tn0Wc3Yb7Ks1Hf5Ld9Ga',
};

/** Who the agent says is calling, which production requires. */
const CALLER = { COMPANY_NAME: 'Acme Freight', ELEVENLABS_AGENT_PHONE_NUMBER: '+12195550100' };
const PRODUCTION_SECRET = { NODE_ENV: 'production', JWT_SECRET: STRONG.jwt, ...CALLER };
const REAL_ACCOUNT = {
  ELEVENLABS_API_KEY: 'sk_live',
  ELEVENLABS_AGENT_ID: 'agent_1',
  ELEVENLABS_AGENT_PHONE_NUMBER_ID: 'phnum_1',
};

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
        ELEVENLABS_WEBHOOK_SECRET: STRONG.webhook,
        ELEVENLABS_TOOL_SECRET: STRONG.tool,
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
      webhookSecret: STRONG.webhook,
    });
    expect(config.jwt.generated).toBe(false);
    expect(config.toolSecret).toEqual({ value: STRONG.tool, generated: false });
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

  describe('in production, secrets that guard the service', () => {
    const production = {
      ...PRODUCTION_SECRET,
      ...REAL_ACCOUNT,
      ELEVENLABS_WEBHOOK_SECRET: STRONG.webhook,
      ELEVENLABS_TOOL_SECRET: STRONG.tool,
    };

    it('starts with strong, unpublished secrets', () => {
      expect(() => validateEnvironment(production)).not.toThrow();
    });

    it.each([
      [
        'JWT_SECRET',
        'dev-only-fake-secret-change-me-0123456789abcdef',
        /JWT_SECRET is a published placeholder.*openssl rand/,
      ],
      [
        'JWT_SECRET',
        'test-only-jwt-secret-0123456789abcdef0123456789',
        /JWT_SECRET is a published placeholder/,
      ],
      [
        'JWT_SECRET',
        'Zx81Kq0Lm3Nb6Vc9Xa2Sd5Fg',
        /JWT_SECRET must be at least 32 characters long in production \(it has 24\)/,
      ],
      ['JWT_SECRET', 'abababababababababababababababababab', /JWT_SECRET is too repetitive/],
      [
        'ELEVENLABS_WEBHOOK_SECRET',
        'wsec_dispatch_voice_simulator_dev_secret',
        /ELEVENLABS_WEBHOOK_SECRET is a published placeholder/,
      ],
      ['ELEVENLABS_WEBHOOK_SECRET', 'wsec_1', /ELEVENLABS_WEBHOOK_SECRET must be at least 32/],
      [
        'ELEVENLABS_TOOL_SECRET',
        'dev-only-tool-secret-change-me-0123',
        /ELEVENLABS_TOOL_SECRET is a published placeholder/,
      ],
      [
        'ELEVENLABS_TOOL_SECRET',
        'your-tool-secret-goes-here-please-0123',
        /ELEVENLABS_TOOL_SECRET is a published placeholder/,
      ],
    ])('refuses %s=%s, naming it and how to make a good one', (name, value, message) => {
      expect(() => validateEnvironment({ ...production, [name]: value })).toThrow(message);
    });

    it('refuses every secret this repository publishes, as any of the secrets', () => {
      for (const value of PUBLISHED_SECRETS)
        for (const name of ['JWT_SECRET', 'ELEVENLABS_WEBHOOK_SECRET', 'ELEVENLABS_TOOL_SECRET'])
          expect(() => validateEnvironment({ ...production, [name]: value })).toThrow(name);
    });

    it('keeps development and tests free to use the examples', () => {
      expect(() =>
        validateEnvironment({ JWT_SECRET: 'dev-only-fake-secret-change-me-0123456789abcdef' }),
      ).not.toThrow();
    });

    it('refuses TRUST_PROXY=true (every hop trusted) in favour of the proxies named', () => {
      expect(() => validateEnvironment({ ...production, TRUST_PROXY: 'true' })).toThrow(
        /TRUST_PROXY=true trusts every hop/,
      );
      expect(() =>
        validateEnvironment({ ...production, TRUST_PROXY: 'loopback, 10.0.0.0/8' }),
      ).not.toThrow();
      expect(() => validateEnvironment({ TRUST_PROXY: 'true' })).not.toThrow();
    });

    it('says who is calling: required, and never the sample name; the call-back number optional', () => {
      const { COMPANY_NAME: _company, ...anonymous } = production;
      expect(() => validateEnvironment(anonymous)).toThrow(
        /COMPANY_NAME is required when NODE_ENV=production/,
      );
      const { ELEVENLABS_AGENT_PHONE_NUMBER: _number, ...withoutNumber } = production;
      expect(
        new AppConfig(validateEnvironment(withoutNumber)).compliance.callbackNumber,
      ).toBeNull();
      expect(() =>
        validateEnvironment({ ...production, COMPANY_NAME: 'Sample Trucking Co.' }),
      ).toThrow(/COMPANY_NAME is required/);
      expect(() =>
        validateEnvironment({ ...production, ELEVENLABS_AGENT_PHONE_NUMBER: '555-0100' }),
      ).toThrow(/ELEVENLABS_AGENT_PHONE_NUMBER must be an E.164 number/);
      // Outside production a clear sample name and the simulator's number stand in.
      expect(new AppConfig(validateEnvironment({})).compliance).toEqual({
        companyName: 'Sample Trucking Co.',
        callbackNumber: '+12196541187',
        recordingDisclosure: true,
        quietHours: { start: '08:00', end: '21:00' },
      });
    });

    it.each(['8:00-21:00', '08:00-24:00', '08:00', 'day'])('refuses QUIET_HOURS=%s', (value) => {
      expect(() => validateEnvironment({ QUIET_HOURS: value })).toThrow(/QUIET_HOURS must be/);
    });

    it('checks in a CLI only the secrets it uses', () => {
      const agentSync = {
        NODE_ENV: 'production',
        ...REAL_ACCOUNT,
        ELEVENLABS_TOOL_SECRET: STRONG.tool,
      };
      expect(() => validateEnvironment(agentSync, AGENT_SYNC_SCOPE)).not.toThrow();
      expect(() => validateEnvironment(agentSync)).toThrow(/JWT_SECRET is required/);
      expect(() =>
        validateEnvironment(
          { ...agentSync, ELEVENLABS_TOOL_SECRET: 'dev-only-tool-secret-change-me-0123' },
          AGENT_SYNC_SCOPE,
        ),
      ).toThrow(/ELEVENLABS_TOOL_SECRET is a published placeholder/);
      expect(() =>
        validateEnvironment(
          { NODE_ENV: 'production', JWT_SECRET: 'dev-only-fake-secret-change-me-0123456789abcdef' },
          DATABASE_CLI_SCOPE,
        ),
      ).not.toThrow();
    });
  });

  describe('JWT_EXPIRES_IN', () => {
    it.each([
      ['3600', 3600],
      ['12h', '12h'],
      ['30m', '30m'],
      ['7d', '7d'],
    ])('reads %s as %p (a bare number is seconds)', (value, expected) => {
      expect(new AppConfig(validateEnvironment({ JWT_EXPIRES_IN: value })).jwt.expiresIn).toBe(
        expected,
      );
    });

    it.each(['3600ms', '1.5h', '0', '-5', '12 hours', 'h'])('refuses %s at start', (value) => {
      expect(() => validateEnvironment({ JWT_EXPIRES_IN: value })).toThrow(
        /JWT_EXPIRES_IN must be seconds/,
      );
    });
  });

  it('never lets the simulator’s published Twilio token validate a real account', () => {
    expect(new AppConfig(validateEnvironment({})).twilio.authToken).not.toBe('');
    const real = new AppConfig(
      validateEnvironment({ ...REAL_ACCOUNT, ELEVENLABS_WEBHOOK_SECRET: STRONG.webhook }),
    );
    expect(real.twilio.authToken).toBe('');
  });
});
