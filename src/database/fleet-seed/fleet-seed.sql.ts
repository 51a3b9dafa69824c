/**
 * The set-based statements behind `npm run seed:fleet`. Every row is made by PostgreSQL itself
 * (generate_series), one statement per table and chunk, never a request per row. Random numbers
 * come from the session's `random()` after `setseed`, so a given size seeds the same fleet.
 *
 * Shape, per call (outbound unless said): answered 74% (COMPLETED, 30–330 s, a transcript of
 * 8–18 turns, items with outcomes), not reached 26% (FAILED: busy, no answer, voicemail, dial
 * error); 5% are drivers' callbacks (inbound, no items); 30% are campaign attempts; calls of the
 * last ten minutes are still IN_PROGRESS. Items: 1–5 a call (3 on average), outcomes spread as a
 * real fleet's are; the items of most unreached calls older than a day were taken over by a later
 * call. A few calls asked for a dispatcher or a transfer (some failed).
 */

/** Seeded rows are recognisable by these prefixes; anything else in `calls` is someone's data. */
export const SEED_CALL_PREFIX = 'SEED-';
export const SEED_DRIVER_PREFIX = 'FLEET-';

const FIRST_NAMES = [
  'James',
  'Maria',
  'Robert',
  'Rosa',
  'Michael',
  'Linda',
  'David',
  'Carmen',
  'William',
  'Ana',
  'Richard',
  'Patricia',
  'Joseph',
  'Lucia',
  'Thomas',
  'Sandra',
  'Daniel',
  'Elena',
  'Marcus',
  'Grace',
];
const LAST_NAMES = [
  'Smith',
  'Lopez',
  'Johnson',
  'Garcia',
  'Williams',
  'Martinez',
  'Brown',
  'Hernandez',
  'Jones',
  'Nguyen',
  'Miller',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Moore',
  'Jackson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'King',
  'Scott',
];
const ZONES = ['America/Chicago', 'America/New_York', 'America/Denver', 'America/Los_Angeles'];
const ITEMS = [
  ['violation', 'Reefer at 45F, must be 38F'],
  ['violation', 'Hours of service: 11-hour limit reached'],
  ['violation', 'Missed pre-trip inspection'],
  ['violation', 'Speeding alert on I-80'],
  ['reminder', 'Upload the bill of lading'],
  ['reminder', 'Delivery appointment at 14:00'],
  ['reminder', 'Fuel at the next network stop'],
  ['reminder', 'Trailer tire pressure check'],
] as const;
const TURNS = [
  'Hi, this is the dispatch assistant calling about your trip.',
  'Yeah, go ahead.',
  'Your reefer is reading 45 degrees, it has to be 38.',
  'I will pull over and fix it in twenty minutes.',
  'Thanks. There is also a delivery appointment at two.',
  'Got it, I will be there on time.',
  'Can you confirm your current trip number?',
  'Sure, give me a second to check.',
  'Is there anything else you need from dispatch?',
  'No, that is all. Thanks.',
];

const text = (values: readonly string[]) =>
  `ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')}]::text[]`;

/** The drivers FLEET-000001…: names, E.164 numbers, zones, 15% Spanish speakers. */
export const SEED_DRIVERS = `
  INSERT INTO drivers (driver_id, driver_name, phone_number, language, language_source, timezone,
                       created_at, updated_at)
  SELECT '${SEED_DRIVER_PREFIX}' || lpad(d::text, 6, '0'),
         (${text(FIRST_NAMES)})[1 + d % ${FIRST_NAMES.length}] || ' ' ||
           (${text(LAST_NAMES)})[1 + (d / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}] || ' ' || d,
         '+1312' || lpad(d::text, 7, '0'),
         CASE WHEN d % 20 < 3 THEN 'es' ELSE NULL END,
         CASE WHEN d % 20 < 3 THEN 'dispatcher' ELSE NULL END,
         (${text(ZONES)})[1 + d % ${ZONES.length}],
         now() - interval '400 days', now() - interval '400 days'
    FROM generate_series(1, $1::int) d`;

/** 1% of the drivers opted out, each with the audit trail's reason. */
export const SEED_OPT_OUTS = `
  INSERT INTO driver_opt_outs (driver_id, opted_out, reason, source, changed_by, changed_at,
                               phone_number)
  SELECT driver_id, true, 'Asked not to be called by the assistant', 'dispatcher',
         'dispatcher-1@fleet.example', now() - random() * interval '300 days', phone_number
    FROM drivers WHERE driver_id LIKE '${SEED_DRIVER_PREFIX}%' AND right(driver_id, 2) = '07'`;

/** One campaign per 2,000 calls, spread over the year in order; all finished. */
export const SEED_CAMPAIGNS = `
  INSERT INTO campaigns (campaign_id, name, call_type, timezone, window_start, window_end,
                         concurrency, max_attempts, retry_delay_seconds, status, created_by,
                         created_at, updated_at, finished_at)
  SELECT 'cmp_seed_' || k, 'Weekly reefer checks ' || k,
         CASE WHEN k % 3 = 0 THEN 'reminder' ELSE 'violation' END, 'America/Chicago',
         '08:00', '18:00', 10, 3, 900, CASE WHEN k % 17 = 0 THEN 'cancelled' ELSE 'completed' END,
         'dispatcher-1@fleet.example', at, at, at + interval '6 hours'
    FROM (SELECT k, now() - $2::int * interval '1 day' + (k - 0.5) / $1::float8 * $2::int * interval '1 day' AS at
            FROM generate_series(1, $1::int) k) s`;

/**
 * Calls $1..$2 of $3 (in time order, over the last $5 days) to $4 drivers. Returns the chunk's
 * first and last id.
 */
export const SEED_CALLS = `
  WITH made AS (
    SELECT g, r, r2, r3, at,
           '${SEED_DRIVER_PREFIX}' || lpad((1 + (g::bigint * 7919) % $4::int)::text, 6, '0') AS driver_id,
           at > now() - interval '10 minutes' AS live,
           r3 < 0.05 AS inbound,
           r3 < 0.05 OR r < 0.74 AS answered
      FROM (SELECT g, random() AS r, random() AS r2, random() AS r3,
                   now() - $5::int * interval '1 day' + (g - 0.5) / $3::float8 * $5::int * interval '1 day' AS at
              FROM generate_series($1::int, $2::int) g) s
  ), rows AS (
    SELECT m.*,
           CASE WHEN m.inbound THEN 0 ELSE 1 + g % 5 END AS items,
           CASE WHEN m.live THEN 'IN_PROGRESS'
                WHEN m.answered THEN 'COMPLETED' ELSE 'FAILED' END AS status,
           CASE WHEN m.live OR m.answered THEN NULL
                WHEN r2 < 0.35 THEN 'busy' WHEN r2 < 0.75 THEN 'no-answer'
                WHEN r2 < 0.95 THEN 'voicemail' ELSE 'dial-error' END AS not_reached,
           CASE WHEN m.answered AND NOT m.live THEN 30 + (g * 31) % 300 ELSE 0 END AS seconds
      FROM made m
  ), inserted AS (
    INSERT INTO calls (call_sid, conversation_id, twilio_call_sid, driver_id, call_type, trip_id,
                       violations, request_timestamp, initiated_by, status, failure_reason,
                       call_start_time, call_end_time, call_duration_seconds, cost,
                       transcript_summary, call_successful, not_reached, campaign_id, direction,
                       caller_number, language, needs_dispatcher, call_back_at, transfer_to,
                       transfer_reason, transfer_at, transfer_succeeded, has_audio,
                       last_sequence_number, created_at, updated_at)
    SELECT '${SEED_CALL_PREFIX}' || lpad(g::text, 8, '0'),
           CASE WHEN status = 'FAILED' AND not_reached <> 'voicemail' THEN NULL
                ELSE 'conv_seed_' || g END,
           'CA' || md5(g::text),
           driver_id,
           CASE WHEN inbound THEN 'callback' WHEN g % 3 = 0 THEN 'reminder' ELSE 'violation' END,
           CASE WHEN inbound THEN '' ELSE 'TRIP-' || (g / 3) END,
           coalesce((SELECT jsonb_agg(jsonb_build_object(
                       'type', (${text(ITEMS.map(([type]) => type))})[1 + (g + n) % ${ITEMS.length}],
                       'description', (${text(ITEMS.map(([, d]) => d))})[1 + (g + n) % ${ITEMS.length}]))
                       FROM generate_series(1, items) n), '[]'::jsonb),
           to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           CASE WHEN inbound THEN 'inbound'
                ELSE 'dispatcher-' || (1 + g % 12) || '@fleet.example' END,
           status::call_status,
           CASE WHEN status = 'FAILED' THEN 'Driver not reached: ' || not_reached END,
           at,
           CASE WHEN NOT live THEN at + make_interval(secs => seconds + 20) END,
           CASE WHEN NOT live THEN seconds END,
           CASE WHEN seconds > 0 THEN round((seconds * 0.0012)::numeric, 4)::float8 END,
           CASE WHEN seconds > 0 THEN 'The driver went over the items and committed to each.' END,
           CASE WHEN seconds > 0 THEN r2 < 0.85 END,
           not_reached,
           CASE WHEN NOT inbound AND r3 BETWEEN 0.05 AND 0.35
                THEN (SELECT id FROM campaigns
                       WHERE campaign_id = 'cmp_seed_' || (1 + floor((g - 1) * $6::int / $3::float8))::int)
           END,
           CASE WHEN inbound THEN 'inbound' ELSE 'outbound' END,
           CASE WHEN inbound THEN '+1312' || lpad((1 + (g::bigint * 7919) % $4::int)::text, 7, '0') END,
           CASE WHEN (1 + (g::bigint * 7919) % $4::int) % 20 < 3 THEN 'es' ELSE 'en' END,
           CASE WHEN seconds > 0 AND r2 > 0.97 THEN true END,
           CASE WHEN seconds > 0 AND r2 BETWEEN 0.85 AND 0.87
                THEN at + interval '1 day' END,
           CASE WHEN seconds > 0 AND r2 BETWEEN 0.95 AND 0.97 THEN '+12195550199' END,
           CASE WHEN seconds > 0 AND r2 BETWEEN 0.95 AND 0.97 THEN 'driver disputes the reading' END,
           CASE WHEN seconds > 0 AND r2 BETWEEN 0.95 AND 0.97 THEN at + interval '40 seconds' END,
           CASE WHEN seconds > 0 AND r2 BETWEEN 0.95 AND 0.97 THEN r2 < 0.965 END,
           seconds > 0,
           CASE WHEN seconds > 0 THEN 8 + g % 11 ELSE 0 END,
           at, at
      FROM rows
    RETURNING id
  )
  SELECT min(id) AS first, max(id) AS last FROM inserted`;

/** The items of calls $1..$2 (ids), with outcomes for answered calls. */
export const SEED_ITEMS = `
  INSERT INTO call_items (call_id, item, type, description, outcome, eta_minutes, driver_note,
                          source, updated_at, updated_by, superseded_by_call_id, queue_since)
  SELECT call_id, item, type, description, outcome, eta_minutes, driver_note, source, updated_at,
         updated_by, superseded_by_call_id,
         follow_up_item_since(outcome, eta_minutes, updated_at, call_back_at, call_end_time,
                              call_start_time, needs_dispatcher)
    FROM (
  SELECT c.id AS call_id, n AS item, v->>'type' AS type, v->>'description' AS description,
         o.outcome,
         CASE WHEN o.outcome = 'will_fix' THEN (15 * (1 + (c.id + n) % 16))::int END AS eta_minutes,
         CASE WHEN o.outcome = 'disputed' THEN 'The sensor is wrong, I checked it' END
           AS driver_note,
         CASE WHEN o.outcome IS NULL THEN NULL WHEN o.r2 < 0.02 THEN 'dispatcher'
              WHEN o.r2 < 0.6 THEN 'live' ELSE 'post_call' END AS source,
         CASE WHEN o.outcome IS NOT NULL
              THEN c.call_start_time + make_interval(secs => 20 + n * 25) END AS updated_at,
         CASE WHEN o.outcome IS NULL THEN NULL WHEN o.r2 < 0.02 THEN 'dispatcher-1@fleet.example'
              ELSE 'agent' END AS updated_by,
         CASE WHEN c.status = 'FAILED' AND c.call_start_time < now() - interval '1 day'
                   AND o.r2 < 0.8 THEN c.id + 1 END AS superseded_by_call_id,
         c.call_back_at, c.call_end_time, c.call_start_time, c.needs_dispatcher
    FROM calls c
    CROSS JOIN LATERAL jsonb_array_elements(c.violations) WITH ORDINALITY AS e(v, n)
    CROSS JOIN LATERAL (
      SELECT r, r2,
             CASE WHEN c.status <> 'COMPLETED' THEN NULL
                  WHEN r < 0.35 THEN 'resolved' WHEN r < 0.60 THEN 'will_fix'
                  WHEN r < 0.82 THEN 'acknowledged' WHEN r < 0.90 THEN 'disputed'
                  WHEN r < 0.96 THEN 'not_discussed' END AS outcome
        FROM (SELECT ((c.id * 37 + n * 101) % 1000) / 1000.0 AS r, ((c.id * 53 + n * 7) % 100) / 100.0 AS r2) x) o
   WHERE c.id BETWEEN $1::int AND $2::int) seeded`;

/** The transcripts of answered calls $1..$2: `last_sequence_number` turns each, agent first. */
export const SEED_TURNS = `
  INSERT INTO call_transcriptions (call_id, sequence_number, speaker_type, message_text,
                                   timestamp, source, created_at)
  SELECT c.id, s, CASE WHEN s % 2 = 1 THEN 'AGENT' ELSE 'DRIVER' END::speaker_type,
         (${text(TURNS)})[1 + (s - 1) % ${TURNS.length}],
         c.call_start_time + make_interval(secs => s * 6),
         CASE WHEN c.id % 4 = 0 THEN 'post_call' ELSE 'monitor' END,
         c.call_start_time + make_interval(secs => s * 6)
    FROM calls c CROSS JOIN LATERAL generate_series(1, c.last_sequence_number) s
   WHERE c.id BETWEEN $1::int AND $2::int AND c.last_sequence_number > 0`;

/** Campaign rows for the campaign attempts $1..$2 (one row per driver and campaign). */
export const SEED_CAMPAIGN_DRIVERS = `
  INSERT INTO campaign_drivers (campaign_id, driver_id, position, driver, timezone, state,
                                attempts, call_sids, updated_at)
  SELECT DISTINCT ON (c.campaign_id, c.driver_id) c.campaign_id, c.driver_id,
         row_number() OVER (PARTITION BY c.campaign_id ORDER BY c.id)::int,
         jsonb_build_object('driverId', c.driver_id, 'driverName', d.driver_name,
                            'phoneNumber', d.phone_number),
         coalesce(d.timezone, 'America/Chicago'),
         CASE WHEN c.status = 'COMPLETED' THEN 'completed' ELSE 'failed' END,
         1, jsonb_build_array(c.call_sid), c.call_start_time
    FROM calls c JOIN drivers d ON d.driver_id = c.driver_id
   WHERE c.id BETWEEN $1::int AND $2::int AND c.campaign_id IS NOT NULL
   ORDER BY c.campaign_id, c.driver_id, c.id
  ON CONFLICT (campaign_id, driver_id) DO NOTHING`;

/** The audit trail of calls $1..$2: each placed call, and a sign-in or other act every 20. */
export const SEED_AUDIT = `
  INSERT INTO audit_entries (at, actor, actor_id, role, action, target, detail, client_ip)
  SELECT c.call_start_time - interval '1 second', c.initiated_by, c.initiated_by, 'dispatcher',
         'call.placed', c.call_sid,
         jsonb_build_object('driver_id', c.driver_id, 'call_type', c.call_type), '10.0.0.7'
    FROM calls c WHERE c.id BETWEEN $1::int AND $2::int AND c.direction = 'outbound'
  UNION ALL
  SELECT c.call_start_time - interval '5 minutes', c.initiated_by, c.initiated_by, 'dispatcher',
         (ARRAY['login.succeeded', 'item_outcome.overridden', 'opt_out.changed',
                'driver.updated'])[1 + (c.id / 20) % 4],
         CASE WHEN (c.id / 20) % 4 = 0 THEN c.initiated_by ELSE c.driver_id END,
         '{}'::jsonb, '10.0.0.7'
    FROM calls c
   WHERE c.id BETWEEN $1::int AND $2::int AND c.direction = 'outbound' AND c.id % 20 = 0`;

/** Calls and items are written with their triggers off (see FleetSeedRepository). */
export const SEEDED_TABLES = ['calls', 'call_items'];

/** What the triggers would have kept, for the seeded rows: the follow-up queue's call entries. */
export const SEED_PERSON_NEEDED = `
  UPDATE calls SET status = status
   WHERE call_sid LIKE '${SEED_CALL_PREFIX}%' AND (transfer_succeeded = false OR needs_dispatcher)`;
export const SEEDED_CALLS_WHERE = `c.call_sid LIKE '${SEED_CALL_PREFIX}%'`;

/** With no calls but seeded ones: everything of theirs goes at once (their items with them). */
export const TRUNCATE_SEEDED = [
  'TRUNCATE calls, analytics_call_days, analytics_item_days, analytics_commitment_days CASCADE',
];

/** Everything seeded before, so a run replaces it (the child rows go with their calls). */
export const DELETE_SEEDED = [
  `DELETE FROM audit_entries WHERE target LIKE '${SEED_CALL_PREFIX}%' OR target LIKE '${SEED_DRIVER_PREFIX}%'
      OR actor LIKE 'dispatcher-%@fleet.example'`,
  `DELETE FROM calls WHERE call_sid LIKE '${SEED_CALL_PREFIX}%'`,
  `DELETE FROM campaigns WHERE campaign_id LIKE 'cmp\\_seed\\_%'`,
  `DELETE FROM driver_opt_outs WHERE driver_id LIKE '${SEED_DRIVER_PREFIX}%'`,
  `DELETE FROM drivers WHERE driver_id LIKE '${SEED_DRIVER_PREFIX}%'`,
];

/** Calls nobody seeded: the seeder refuses to write beside them without `--yes`. */
export const FOREIGN_CALLS = `SELECT count(*)::int AS n FROM calls WHERE call_sid NOT LIKE '${SEED_CALL_PREFIX}%'`;
