import fc from 'fast-check';
import { placeSilentCall } from '../support/fixtures.js';
import { mapConcurrently, send } from '../support/http-client.js';
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { AppConfig, SIMULATOR_TWILIO_AUTH_TOKEN } from '../../src/config/app-config.js';
import { pythonJson } from '../../src/elevenlabs/simulator/python-json.js';
import { sendSigned } from '../support/signed-requests.js';
import { UserRole } from '../../src/auth/user-role.js';
import { UsersService } from '../../src/auth/users.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { connectWs } from '../support/ws-client.js';

const FUZZED_PASSWORD = 'correct horse battery staple';
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
/** Printed so a failing run can be replayed with FUZZ_SEED. */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  body?: string;
  signed?: boolean;
  auth?: boolean;
  /** Sent with an admin's token (admin-only routes). */
  admin?: boolean;
  /** Sent with a built-in user's own token (their password). */
  own?: boolean;
  contentType?: string;
  headers?: Record<string, string>;
}

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '../../etc/passwd',
    "' OR 1=1 --",
    '%00',
    '\u0000',
    'a'.repeat(300),
  ),
);
const json = fc.jsonValue({ maxDepth: 3 });
const phone = fc.oneof(
  fc.constantFrom(
    '+12192002824',
    '(219) 200-2824',
    '+447911123456',
    '+15005550008',
    '+15005550006',
    '12345',
    '',
  ),
  text,
  fc.integer(),
);
const detail = fc.record(
  {
    type: fc.oneof(fc.constantFrom('violation', 'reminder'), text, json),
    description: fc.oneof(text, json),
  },
  { requiredKeys: [] },
);
const driver = fc.record(
  {
    driverId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_]{1,20}$/), text, fc.integer()),
    driverName: fc.oneof(text, json),
    phoneNumber: phone,
    customRules: fc.oneof(text, json),
    violations: fc.oneof(
      fc.record(
        {
          tripId: fc.oneof(text, json),
          violationDetails: fc.oneof(fc.array(detail, { maxLength: 3 }), json),
        },
        { requiredKeys: [] },
      ),
      json,
    ),
  },
  { requiredKeys: [] },
);
const placeCall = fc.oneof(
  fc
    .record(
      {
        callType: fc.oneof(fc.constant('violation'), text, json),
        timestamp: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          text,
          json,
        ),
        drivers: fc.oneof(fc.array(driver, { maxLength: 3 }), json),
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
  text,
  json.map((value) => JSON.stringify(value)),
);

const hhmm = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  text,
  json,
);
const createCampaign = fc.oneof(
  fc
    .record(
      {
        name: fc.oneof(fc.constant('Lane 12'), text, json),
        callType: fc.oneof(fc.constant('violation'), text, json),
        timezone: fc.oneof(fc.constantFrom('UTC', 'America/Chicago', 'Mars/Base'), text, json),
        calling_window: fc.oneof(fc.record({ start: hhmm, end: hhmm }, { requiredKeys: [] }), json),
        concurrency: fc.oneof(fc.integer({ min: -2, max: 60 }), json),
        retry: fc.oneof(
          fc.record(
            {
              max_attempts: fc.oneof(fc.integer({ min: -1, max: 12 }), json),
              delay_seconds: fc.oneof(fc.integer(), json),
            },
            { requiredKeys: [] },
          ),
          json,
        ),
        drivers: fc.oneof(
          fc.array(
            driver.map((d) => ({ ...d, phoneNumber: '+15005550008' })),
            { maxLength: 3 },
          ),
          fc.array(
            fc
              .tuple(driver, fc.oneof(fc.constantFrom('UTC', 'Asia/Tokyo'), text, json))
              .map(([d, timezone]) => ({ ...d, timezone })),
            { maxLength: 3 },
          ),
          json,
        ),
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
  text,
  json.map((value) => JSON.stringify(value)),
);

describe(`fuzzing every route and the WebSocket protocol (${CASES} cases each)`, () => {
  let t: TestApp;
  let callSids: string[];
  let conversationIds: string[];
  let twilioCallSids: string[];
  let toolSecret: string;
  let campaignIds: string[];
  let userIds: number[];
  let ownToken: string;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        SIMULATOR_TURN_DELAY_MS: '60000',
        WEBHOOK_BODY_LIMIT: '2mb',
        CALL_RATE_LIMIT_PER_MINUTE: '1000000',
        // The protocol's fuzzing sends every case at once; the rate limit has its own below.
        WS_MAX_MESSAGES_PER_SECOND: '10000',
        WS_MAX_SUBSCRIPTIONS: '3',
      },
    });
    const calls = await Promise.all(Array.from({ length: 5 }, () => placeSilentCall(t)));
    callSids = calls.map((call) => call.call_sid);
    conversationIds = calls.map((call) => call.conversation_id);
    twilioCallSids = calls.map((call) => call.callSid);
    toolSecret = t.app.get(AppConfig).toolSecret.value;
    const campaign = await send(`${t.url}/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Fuzz',
        callType: 'violation',
        timezone: 'UTC',
        calling_window: { start: '00:00', end: '23:59' },
        drivers: [
          {
            driverId: 'FUZZ_1',
            driverName: 'Fuzz Driver',
            phoneNumber: '+15005550008',
            violations: {
              tripId: 'T1',
              violationDetails: [{ type: 'violation', description: 'x' }],
            },
          },
        ],
      }),
    });
    campaignIds = [(JSON.parse(campaign.body) as { campaign_id: string }).campaign_id];
    const { user } = await t.app
      .get(UsersService)
      .create('fuzzed@example.com', FUZZED_PASSWORD, UserRole.DISPATCHER);
    userIds = [user.id];
    ownToken = (
      JSON.parse(
        (
          await send(`${t.url}/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'fuzzed@example.com', password: FUZZED_PASSWORD }),
          })
        ).body,
      ) as { access_token: string }
    ).access_token;
  }, 60_000);
  afterAll(() => t.close());

  const known = () => fc.oneof(fc.constantFrom(...callSids, ...conversationIds), text);
  const knownCampaign = () =>
    fc.oneof(fc.constantFrom(...campaignIds, 'cmp_00000000000000000000000000000000'), text);
  /** JSON POSTs of random bodies (these fields, any of them, or junk), with the tool secret or not. */
  const withToolSecret = (path: string, fields: Record<string, fc.Arbitrary<unknown>>) =>
    fc
      .tuple(
        fc.oneof(
          fc.record(fields, { requiredKeys: [] }).map((body) => JSON.stringify(body)),
          text,
        ),
        fc.boolean(),
      )
      .map(([body, withSecret]): Case => ({
        method: 'POST',
        path,
        body,
        headers: withSecret ? { 'x-tool-secret': toolSecret } : {},
      }));

  /** Who takes transferred calls: PATCH /users/me and an admin's PATCH /users/{id}. */
  const dutyFields = {
    phone_number: fc.oneof(fc.constantFrom('+12195550123', null), text, json),
    on_duty: fc.oneof(fc.boolean(), json),
    languages: fc.oneof(fc.constantFrom(['en'], ['en', 'es'], []), fc.array(text), json),
  };

  const routes: [string, () => fc.Arbitrary<Case>][] = [
    [
      'POST /driver_data/call-elevenlabs',
      () =>
        placeCall.map((body) => ({
          method: 'POST',
          path: '/driver_data/call-elevenlabs',
          body,
          auth: true,
        })),
    ],
    [
      'GET /driver_data/{driver_id}',
      () =>
        fc.tuple(text, fc.oneof(fc.constant(''), text)).map(([id, limit]) => ({
          method: 'GET',
          path: `/driver_data/${encodeURIComponent(id || 'x')}?limit=${encodeURIComponent(limit)}`,
          auth: true,
        })),
    ],
    [
      'POST /webhooks/elevenlabs/transcription',
      () =>
        fc
          .tuple(
            fc.record(
              {
                call_sid: fc.oneof(known(), json),
                conversation_id: fc.oneof(known(), json),
                speaker: fc.oneof(fc.constantFrom('user', 'agent'), text, json),
                message: fc.oneof(text, json),
                timestamp: fc.oneof(
                  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
                  text,
                  json,
                ),
              },
              { requiredKeys: [] },
            ),
            fc.boolean(),
            fc.boolean(),
          )
          .map(([payload, signed, raw]) => ({
            method: 'POST',
            path: '/webhooks/elevenlabs/transcription',
            body: raw
              ? typeof payload.message === 'string'
                ? payload.message
                : '{"call_sid": '
              : JSON.stringify(payload),
            signed,
          })),
    ],
    [
      'POST /webhooks/elevenlabs/post-call',
      () =>
        fc
          .tuple(
            fc.record(
              {
                type: fc.oneof(
                  fc.constantFrom(
                    'post_call_transcription',
                    'call_initiation_failure',
                    'post_call_audio',
                  ),
                  text,
                ),
                event_timestamp: fc.oneof(fc.integer(), json),
                data: fc.oneof(
                  fc.record(
                    {
                      conversation_id: fc.oneof(known(), json),
                      status: fc.oneof(fc.constantFrom('done', 'failed', 'processing'), json),
                      transcript: fc.oneof(
                        fc.array(
                          fc.record(
                            {
                              role: fc.oneof(fc.constantFrom('user', 'agent'), json),
                              message: fc.oneof(text, json),
                              time_in_call_secs: fc.oneof(fc.integer(), json),
                            },
                            { requiredKeys: [] },
                          ),
                          { maxLength: 4 },
                        ),
                        json,
                      ),
                      metadata: json,
                      analysis: fc.oneof(
                        fc.record(
                          {
                            call_successful: fc.oneof(fc.constantFrom('success', 'failure'), json),
                            transcript_summary: fc.oneof(text, json),
                          },
                          { requiredKeys: [] },
                        ),
                        json,
                      ),
                      failure_reason: fc.oneof(text, json),
                      full_audio: fc.oneof(text, json),
                    },
                    { requiredKeys: [] },
                  ),
                  json,
                ),
              },
              { requiredKeys: [] },
            ),
            fc.boolean(),
          )
          .map(([payload, signed]) => ({
            method: 'POST',
            path: '/webhooks/elevenlabs/post-call',
            body: pythonJson(payload),
            signed,
          })),
    ],
    [
      'POST /driver_data/conversations/{id}/fetch',
      () =>
        fc.tuple(known(), fc.boolean()).map(([id, short]) => ({
          method: 'POST',
          path: `${short ? '' : '/driver_data'}/conversations/${encodeURIComponent(id || 'x')}/fetch`,
          auth: true,
        })),
    ],
    [
      'GET /calls',
      () =>
        fc
          .dictionary(
            fc.constantFrom('q', 'driverId', 'status', 'from', 'to', 'limit', 'cursor', 'other'),
            text,
          )
          .map((query) => ({
            method: 'GET',
            path: `/calls?${new URLSearchParams(query)}`,
            auth: true,
          })),
    ],
    [
      'GET /calls/{id}',
      () =>
        known().map((id) => ({
          method: 'GET',
          path: `/calls/${encodeURIComponent(id || 'x')}`,
          auth: true,
        })),
    ],
    [
      'GET /drivers',
      () =>
        fc.dictionary(fc.constantFrom('q', 'limit', 'cursor', 'other'), text).map((query) => ({
          method: 'GET',
          path: `/drivers?${new URLSearchParams(query)}`,
          auth: true,
        })),
    ],
    [
      'GET and PATCH /drivers/{id}',
      () =>
        fc
          .tuple(
            fc.oneof(fc.constantFrom('DRV_1', 'NOBODY'), text),
            fc.oneof(
              fc
                .record(
                  {
                    driver_name: fc.oneof(text, json),
                    phone_number: fc.oneof(fc.constantFrom('+12192002824'), text, json),
                    language: fc.oneof(fc.constantFrom('es', null), text, json),
                    timezone: fc.oneof(fc.constantFrom('America/Chicago', null), text, json),
                  },
                  { requiredKeys: [] },
                )
                .map((body) => JSON.stringify(body)),
              text,
            ),
            fc.boolean(),
          )
          .map(([id, body, patch]) =>
            patch
              ? {
                  method: 'PATCH' as const,
                  path: `/drivers/${encodeURIComponent(id || 'x')}`,
                  body,
                  auth: true,
                }
              : {
                  method: 'GET' as const,
                  path: `/drivers/${encodeURIComponent(id || 'x')}`,
                  auth: true,
                },
          ),
    ],
    [
      'POST /console/simulated-callbacks',
      () =>
        fc
          .oneof(
            fc
              // Rarely a valid number: each one has the simulator play a whole callback.
              .record({
                from: fc.oneof(
                  { arbitrary: fc.constant('+12195550123'), weight: 1 },
                  { arbitrary: text, weight: 20 },
                  { arbitrary: json, weight: 5 },
                ),
              })
              .map((body) => JSON.stringify(body)),
            text,
          )
          .map((body) => ({
            method: 'POST',
            path: '/console/simulated-callbacks',
            body,
            auth: true,
          })),
    ],
    [
      'POST /webhooks/twilio/transcription',
      () =>
        fc
          .tuple(
            fc.record(
              {
                TranscriptionEvent: fc.oneof(
                  fc.constantFrom('transcription-content', 'transcription-error', 'x'),
                  text,
                ),
                CallSid: fc.oneof(fc.constantFrom(...twilioCallSids), text),
                TranscriptionSid: text,
                SequenceId: fc.oneof(fc.integer().map(String), text),
                Track: fc.oneof(fc.constantFrom('inbound_track', 'outbound_track'), text),
                Final: fc.constantFrom('true', 'false', ''),
                Timestamp: text,
                TranscriptionData: fc.oneof(
                  fc.record({ transcript: fc.oneof(text, json) }).map((v) => JSON.stringify(v)),
                  text,
                ),
              },
              { requiredKeys: [] },
            ),
            fc.boolean(),
          )
          .map(([params, signed]) => {
            const url = `${t.url}/webhooks/twilio/transcription`;
            return {
              method: 'POST',
              path: '/webhooks/twilio/transcription',
              body: new URLSearchParams(params as Record<string, string>).toString(),
              contentType: 'application/x-www-form-urlencoded',
              headers: signed
                ? {
                    'x-twilio-signature': webhooks.getExpectedTwilioSignature(
                      SIMULATOR_TWILIO_AUTH_TOKEN,
                      url,
                      params as Record<string, string>,
                    ),
                  }
                : {},
            };
          }),
    ],
    [
      'POST /webhooks/elevenlabs/tools/item-outcome',
      () =>
        withToolSecret('/webhooks/elevenlabs/tools/item-outcome', {
          conversation_id: fc.oneof(fc.constantFrom(...conversationIds), text, json),
          item: fc.oneof(fc.integer({ min: -2, max: 12 }), text, json),
          outcome: fc.oneof(fc.constantFrom('resolved', 'will_fix', 'disputed'), text),
          eta_minutes: fc.oneof(fc.integer(), text, json),
          note: fc.oneof(text, json),
        }),
    ],
    [
      'POST /webhooks/elevenlabs/conversation-initiation',
      () =>
        withToolSecret('/webhooks/elevenlabs/conversation-initiation', {
          caller_id: fc.oneof(
            fc.constantFrom('+12192002824', '+15005550006', '+12195550199'),
            text,
            json,
          ),
          agent_id: fc.oneof(text, json),
          called_number: fc.oneof(text, json),
          call_sid: fc.oneof(fc.stringMatching(/^CA[0-9a-f]{32}$/), text, json),
        }),
    ],
    [
      'PATCH /calls/{id}/items/{n}',
      () =>
        fc
          .tuple(
            known(),
            fc.oneof(fc.integer({ min: -1, max: 12 }).map(String), text),
            fc
              .record(
                {
                  outcome: fc.oneof(fc.constantFrom('resolved', 'not_discussed'), text, json),
                  eta_minutes: fc.oneof(fc.integer(), json),
                  note: fc.oneof(text, json),
                },
                { requiredKeys: [] },
              )
              .map((body) => JSON.stringify(body)),
          )
          .map(([id, item, body]) => ({
            method: 'PATCH',
            path: `/calls/${encodeURIComponent(id || 'x')}/items/${encodeURIComponent(item || '1')}`,
            body,
            auth: true,
          })),
    ],
    [
      'GET /follow-ups, /analytics/summary, /analytics/calls.csv',
      () =>
        fc
          .tuple(
            fc.constantFrom('/follow-ups', '/analytics/summary', '/analytics/calls.csv'),
            fc.dictionary(
              fc.constantFrom('driverId', 'reason', 'from', 'to', 'limit', 'cursor', 'other'),
              text,
            ),
          )
          .map(([path, query]) => ({
            method: 'GET',
            path: `${path}?${new URLSearchParams(query)}`,
            auth: true,
          })),
    ],
    [
      'GET /dispatcher-alerts; POST /dispatcher-alerts/{id}/acknowledge',
      () =>
        fc.oneof(
          fc
            .dictionary(
              fc.constantFrom('status', 'other'),
              fc.oneof(text, fc.constantFrom('open', 'all')),
            )
            .map((query) => ({
              method: 'GET' as const,
              path: `/dispatcher-alerts?${new URLSearchParams(query)}`,
              auth: true,
            })),
          fc
            .oneof(text, fc.constantFrom('1', '0', '-1', '2147483648', '99999999999'))
            .map((id) => ({
              method: 'POST' as const,
              path: `/dispatcher-alerts/${encodeURIComponent(id || 'x')}/acknowledge`,
              auth: true,
            })),
        ),
    ],
    [
      'GET, DELETE /calls/{id}/recording; POST …/link; GET /recordings/{id}',
      () =>
        fc.oneof(
          fc
            .tuple(
              known(),
              fc.oneof(
                fc.string({ unit: fc.constantFrom(...'bytes=0123456789-,* x'.split('')) }),
                fc.constantFrom('bytes=0-10', 'bytes=-5', 'bytes=99999999-', 'bytes=5-1'),
              ),
            )
            .map(([id, range]) => ({
              method: 'GET' as const,
              path: `/calls/${encodeURIComponent(id || 'x')}/recording`,
              headers: { range },
              auth: true,
            })),
          known().map((id) => ({
            method: 'POST' as const,
            path: `/calls/${encodeURIComponent(id || 'x')}/recording/link`,
            auth: true,
          })),
          fc
            .tuple(known(), fc.dictionary(fc.constantFrom('expires', 'signature', 'other'), text))
            .map(([id, query]) => ({
              method: 'GET' as const,
              path: `/recordings/${encodeURIComponent(id || 'x')}?${new URLSearchParams(query)}`,
              auth: false,
            })),
        ),
    ],
    [
      'POST /calls/{id}/follow-up',
      () =>
        known().map((id) => ({
          method: 'POST',
          path: `/calls/${encodeURIComponent(id || 'x')}/follow-up`,
          auth: true,
        })),
    ],
    [
      'POST /campaigns',
      () =>
        fc
          .tuple(createCampaign, fc.constantFrom('', '?dry_run=true', '?dry_run=1'))
          .map(([body, query]) => ({
            method: 'POST',
            path: `/campaigns${query}`,
            body,
            auth: true,
          })),
    ],
    [
      'GET /campaigns, /campaigns/{id}; POST /campaigns/{id}/pause|resume|cancel',
      () =>
        fc.oneof(
          fc.dictionary(fc.constantFrom('limit', 'cursor', 'other'), text).map((query) => ({
            method: 'GET' as const,
            path: `/campaigns?${new URLSearchParams(query)}`,
            auth: true,
          })),
          knownCampaign().map((id) => ({
            method: 'GET' as const,
            path: `/campaigns/${encodeURIComponent(id || 'x')}`,
            auth: true,
          })),
          fc
            .tuple(knownCampaign(), fc.constantFrom('pause', 'resume', 'cancel'))
            .map(([id, action]) => ({
              method: 'POST' as const,
              path: `/campaigns/${encodeURIComponent(id || 'x')}/${action}`,
              auth: true,
            })),
        ),
    ],
    [
      'PUT and GET /drivers/{id}/opt-out',
      () =>
        fc
          .tuple(
            fc.oneof(fc.constantFrom('FUZZ_1', 'DRV_1'), text),
            fc.oneof(
              fc
                .record(
                  { opted_out: fc.oneof(fc.boolean(), json), reason: fc.oneof(text, json) },
                  { requiredKeys: [] },
                )
                .map((body) => JSON.stringify(body)),
              text,
            ),
            fc.constantFrom('PUT', 'GET'),
          )
          .map(([id, body, method]) => ({
            method: method as 'PUT' | 'GET',
            path: `/drivers/${encodeURIComponent(id || 'x')}/opt-out`,
            ...(method === 'PUT' ? { body } : {}),
            auth: true,
          })),
    ],
    [
      'POST /auth/login',
      () =>
        fc
          .oneof(
            fc
              .record(
                { email: fc.oneof(fc.emailAddress(), text, json), password: fc.oneof(text, json) },
                { requiredKeys: [] },
              )
              .map((b) => JSON.stringify(b)),
            text,
          )
          .map((body) => ({ method: 'POST', path: '/auth/login', body })),
    ],
    [
      'POST /auth/password',
      () =>
        fc
          .oneof(
            fc
              .record(
                {
                  current_password: fc.oneof(fc.constant(FUZZED_PASSWORD), text, json),
                  new_password: fc.oneof(text, json),
                },
                { requiredKeys: [] },
              )
              .map((b) => JSON.stringify(b)),
            text,
          )
          .map((body) => ({ method: 'POST', path: '/auth/password', body, own: true })),
    ],
    [
      'POST /users',
      () =>
        fc
          .oneof(
            fc
              .record(
                {
                  email: fc.oneof(fc.emailAddress(), text, json),
                  password: fc.oneof(text, json),
                  role: fc.oneof(fc.constantFrom('admin', 'dispatcher'), text, json),
                },
                { requiredKeys: [] },
              )
              .map((b) => JSON.stringify(b)),
            text,
          )
          .map((body) => ({ method: 'POST', path: '/users', body, admin: true })),
    ],
    [
      'GET /users, PATCH /users/{id}',
      () =>
        fc.oneof(
          fc.constant({ method: 'GET' as const, path: '/users', admin: true }),
          fc
            .tuple(
              fc.oneof(fc.constantFrom(...userIds.map(String), '0', '-1', '2147483648'), text),
              fc.oneof(
                fc
                  .record(
                    {
                      role: fc.oneof(fc.constantFrom('admin', 'dispatcher'), text, json),
                      disabled: fc.oneof(fc.boolean(), json),
                      ...dutyFields,
                    },
                    { requiredKeys: [] },
                  )
                  .map((b) => JSON.stringify(b)),
                text,
              ),
            )
            .map(([id, body]) => ({
              method: 'PATCH' as const,
              path: `/users/${encodeURIComponent(id || 'x')}`,
              body,
              admin: true,
            })),
        ),
    ],
    [
      'GET and PATCH /users/me',
      () =>
        fc.oneof(
          fc.constant({ method: 'GET' as const, path: '/users/me', auth: true }),
          fc
            .oneof(
              fc.record(dutyFields, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
              text,
            )
            .map((body) => ({ method: 'PATCH' as const, path: '/users/me', body, auth: true })),
        ),
    ],
    [
      'GET /audit',
      () =>
        fc
          .dictionary(
            fc.constantFrom('actor', 'action', 'from', 'to', 'limit', 'cursor', 'other'),
            fc.oneof(
              text,
              fc.constantFrom('call.placed', 'login.failed', '2026-11-01T00:00:00Z', '5'),
            ),
          )
          .map((query) => ({
            method: 'GET',
            path: `/audit?${new URLSearchParams(query)}`,
            admin: true,
          })),
    ],
    [
      'POST /agent/sync',
      () =>
        fc.oneof(fc.constantFrom('true', 'false'), text).map((dryRun) => ({
          method: 'POST',
          path: `/agent/sync?${new URLSearchParams({ dry_run: dryRun })}`,
          admin: true,
        })),
    ],
  ];

  it.each(routes)('%s: no 5xx', async (_name, arbitrary) => {
    const cases = fc.sample(arbitrary(), { numRuns: CASES, seed: SEED });
    const token = t.token();
    const adminToken = t.token({ sub: 'fuzz-admin', role: 'admin' });
    const answers = await mapConcurrently(cases, 24, async (item) => {
      const headers: Record<string, string> = {
        'content-type': item.contentType ?? 'application/json',
        ...item.headers,
      };
      if (item.auth) headers.authorization = `Bearer ${token}`;
      if (item.admin) headers.authorization = `Bearer ${adminToken}`;
      if (item.own) headers.authorization = `Bearer ${ownToken}`;
      const answer =
        item.signed && item.body !== undefined
          ? await sendSigned(t.url, item.path, item.body)
          : await send(`${t.url}${item.path}`, { method: item.method, headers, body: item.body });
      return { item, answer };
    });
    const serverErrors = answers.filter(({ answer }) => answer.status >= 500);
    expect(
      serverErrors
        .slice(0, 3)
        .map(({ item, answer }) => ({ item, status: answer.status, body: answer.body })),
    ).toEqual([]);
    // Every answer is JSON, but a successful CSV export.
    for (const { item, answer } of answers.slice(0, 200))
      if (answer.status >= 400 || !item.path.includes('.csv'))
        expect(JSON.parse(answer.body)).toEqual(expect.any(Object));
  });

  it('refuses over-limit bodies with 413', async () => {
    const api = await send(`${t.url}/driver_data/call-elevenlabs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(api.status).toBe(413);
    const webhook = await sendSigned(
      t.url,
      '/webhooks/elevenlabs/post-call',
      pythonJson({ type: 'post_call_audio', data: { full_audio: 'x'.repeat(3 * 1024 * 1024) } }),
    );
    expect(webhook.status).toBe(413);
    expect(JSON.parse(webhook.body)).toEqual({ detail: 'Request body too large' });
  });

  it(`answers ${CASES} random WebSocket messages without closing or crashing`, async () => {
    const socket = await connectWs(t.wsUrl, t.token());
    const messages = fc.sample(
      fc.oneof(
        text,
        json.map((value) => JSON.stringify(value)),
        fc
          .record(
            {
              subscribe: fc.oneof(known(), knownCampaign(), json),
              since: fc.oneof(fc.nat(), json),
            },
            { requiredKeys: ['subscribe'] },
          )
          .map((m) => JSON.stringify(m)),
        fc.record({ unsubscribe: fc.oneof(known(), json) }).map((m) => JSON.stringify(m)),
        fc.string({ minLength: 4097, maxLength: 6000 }),
      ),
      { numRuns: CASES, seed: SEED },
    );
    for (const message of messages) socket.send(message);
    // Room for one more subscription, whatever the cases subscribed to.
    for (const id of [...callSids, ...conversationIds, ...campaignIds])
      socket.send({ unsubscribe: id });
    socket.send({ subscribe: callSids[0] });
    await socket.waitFor(
      (m) =>
        m.type === 'subscription_confirmed' &&
        m.identifier === callSids[0] &&
        socket.messages.length >= CASES,
      60_000,
    );
    const codes = new Set(socket.messages.filter((m) => m.type === 'error').map((m) => m.code));
    for (const code of codes)
      expect([
        'CALL_NOT_FOUND',
        'CAMPAIGN_NOT_FOUND',
        'INVALID_IDENTIFIER',
        'INVALID_MESSAGE',
        'TOO_MANY_SUBSCRIPTIONS',
      ]).toContain(code);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.close();
    expect((await send(`${t.url}/health`)).status).toBe(200);
  });
});

describe('fuzzing the WebSocket limits (messages per second, subscriptions per socket)', () => {
  const RATE = 20;
  const BURST = RATE * 2;
  let t: TestApp;
  let callSids: string[];
  beforeAll(async () => {
    // Set explicitly: the describe above left its own limits in process.env.
    t = await startTestApp({
      env: {
        SIMULATOR_TURN_DELAY_MS: '60000',
        WS_MAX_SUBSCRIPTIONS: '4',
        WS_MAX_MESSAGES_PER_SECOND: String(RATE),
      },
    });
    callSids = (await Promise.all(Array.from({ length: 6 }, () => placeSilentCall(t)))).map(
      (call) => call.call_sid,
    );
  });
  afterAll(() => t.close());

  it('answers random bursts within the limits, never closes, and serves again after a pause', async () => {
    const bursts = fc.sample(
      fc.record({
        size: fc.integer({ min: 1, max: 3 * BURST }),
        pauseMs: fc.integer({ min: 0, max: 300 }),
        messages: fc.array(
          fc.oneof(
            fc.constantFrom(...callSids).map((id) => ({ subscribe: id })),
            fc.constantFrom(...callSids).map((id) => ({ unsubscribe: id })),
            fc.string().map((junk) => junk),
          ),
          { minLength: 1, maxLength: 8 },
        ),
      }),
      { numRuns: Math.max(10, Math.round(CASES / 500)), seed: SEED },
    );
    const socket = await connectWs(t.wsUrl, t.token());
    const started = performance.now();
    let sent = 0;
    for (const burst of bursts) {
      for (let i = 0; i < burst.size; i += 1)
        socket.send(burst.messages[i % burst.messages.length]);
      sent += burst.size;
      await new Promise((resolve) => setTimeout(resolve, burst.pauseMs));
    }
    await socket.waitFor(() => socket.messages.length >= sent, 30_000);
    const seconds = (performance.now() - started) / 1000;
    const errors = socket.messages.filter((m) => m.type === 'error');
    for (const error of errors)
      expect(['RATE_LIMITED', 'TOO_MANY_SUBSCRIPTIONS', 'INVALID_MESSAGE']).toContain(error.code);
    // Never more handled than the bucket allows: a burst, plus the rate over the time taken.
    const limited = errors.filter((m) => m.code === 'RATE_LIMITED').length;
    expect(sent - limited).toBeLessThanOrEqual(BURST + Math.ceil(seconds * RATE) + 1);
    if (sent > BURST + Math.ceil(seconds * RATE) + 1) expect(limited).toBeGreaterThan(0);
    // Subscriptions never exceed the cap: what the socket ends up following is at most 4.
    const following = new Set<string>();
    for (const message of socket.messages) {
      if (message.type === 'subscription_confirmed') following.add(message.identifier as string);
      if (message.type === 'unsubscribe_confirmed') following.delete(message.identifier as string);
      expect(following.size).toBeLessThanOrEqual(4);
    }
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    await new Promise((resolve) => setTimeout(resolve, 2 * 1000 * (BURST / RATE)));
    for (const id of callSids) socket.send({ unsubscribe: id });
    socket.send({ subscribe: callSids[0] });
    await socket.waitFor(
      (m) =>
        m.type === 'subscription_confirmed' &&
        m.identifier === callSids[0] &&
        socket.messages.indexOf(m) >= sent,
    );
    socket.close();
  });
});
