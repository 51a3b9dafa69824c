// npm run bench [-- --quick] [--fleet | --campaigns]: the service's numbers on this machine, next to their targets.
// Starts the built service against PostgreSQL (and Redis for the two-instance figure), drives it
// with signed webhooks and real WebSocket subscribers, prints a table and writes
// bench/results.json. See the README's performance section.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { SIMULATOR_API_KEY } from '../dist/src/config/app-config.js';
import { planAgentUpdate } from '../dist/src/elevenlabs/agent/agent-diff.js';
import { agentRequirements } from '../dist/src/elevenlabs/agent/agent-requirements.js';
import { ElevenLabsSimulator } from '../dist/src/elevenlabs/simulator/elevenlabs-simulator.js';
import { campaignThroughput } from './lib/campaigns.mjs';
import { createBenchDatabase } from './lib/database.mjs';
import { fleetScreens } from './lib/fleet.mjs';
import { initiationLatency } from './lib/initiation.mjs';
import { sign, webhookLoad } from './lib/load.mjs';
import { rawTransactionRate } from './lib/raw-transaction.mjs';
import { placePartOneCall } from './lib/part-one.mjs';
import { startService } from './lib/service.mjs';
import { percentile, round } from './lib/stats.mjs';
import { openSubscribers } from './lib/subscribers.mjs';

const quick = process.argv.includes('--quick');
const fleetOnly = process.argv.includes('--fleet');
const campaignsOnly = process.argv.includes('--campaigns');
const size = quick
  ? {
      seconds: 3,
      calls: 20,
      subscribers: 100,
      idle: 500,
      rawSeconds: 2,
      fetchTurns: 1000,
      rate: 2000,
      campaignDrivers: 50,
      initiationDrivers: 20,
      initiations: 200,
      fleetCalls: 20_000,
      fleetDrivers: 1_000,
      pageRuns: 10,
      throughputDrivers: 40,
      throughputSeconds: 180,
      baselineCalls: 200,
    }
  : {
      seconds: 10,
      calls: 100,
      subscribers: 1000,
      idle: 10000,
      rawSeconds: 5,
      fetchTurns: 1000,
      rate: 2000,
      campaignDrivers: 200,
      initiationDrivers: 100,
      initiations: 1000,
      fleetCalls: 1_000_000,
      fleetDrivers: 10_000,
      pageRuns: 30,
      throughputDrivers: 1000,
      throughputSeconds: 2400,
      baselineCalls: 1000,
    };
// The services run with NODE_ENV=production, which refuses published secrets: fresh ones per run.
const JWT_SECRET = randomBytes(48).toString('base64url');
const WEBHOOK_SECRET = `wsec_${randomBytes(32).toString('hex')}`;
const TOOL_SECRET = randomBytes(32).toString('base64url');
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const results = [];
/** Conditions that are about correctness, not speed: any one failing fails the run (and CI). */
const correctnessFailures = [];

function mustHold(condition, ok, detail) {
  if (ok) return;
  correctnessFailures.push(`${condition}: ${detail}`);
  console.log(`FAIL  ${condition}: ${detail}`);
}

function record(figure, value, target, pass, unit = '') {
  results.push({
    figure,
    value: typeof value === 'number' ? round(value, 2) : value,
    unit,
    target,
    pass,
  });
  console.log(
    `${pass ? 'PASS' : 'MISS'}  ${figure}: ${typeof value === 'number' ? round(value, 2) : value}${unit} (target ${target})`,
  );
}

const token = jwt.sign({ sub: 'bench', role: 'admin' }, JWT_SECRET, {
  algorithm: 'HS256',
  expiresIn: '2h',
});
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
let webhookTarget;
const simulator = new ElevenLabsSimulator({
  apiKey: SIMULATOR_API_KEY,
  webhookSecret: WEBHOOK_SECRET,
  turnDelayMs: 0,
  webhookBaseUrl: () => webhookTarget,
});
const simulatorUrl = await simulator.listen();
// The account's agent, put in shape as `npm run agent:sync` does.
simulator.agents.patch(
  'agent_bench',
  planAgentUpdate(simulator.agents.get('agent_bench'), agentRequirements('webhook')).patch,
);
const database = await createBenchDatabase();
const serviceEnv = {
  DATABASE_URL: database.url,
  JWT_SECRET,
  ELEVENLABS_API_KEY: SIMULATOR_API_KEY,
  ELEVENLABS_BASE_URL: simulatorUrl,
  ELEVENLABS_AGENT_ID: 'agent_bench',
  ELEVENLABS_AGENT_PHONE_NUMBER_ID: 'phnum_bench',
  ELEVENLABS_WEBHOOK_SECRET: WEBHOOK_SECRET,
  ELEVENLABS_TOOL_SECRET: TOOL_SECRET,
  COMPANY_NAME: 'Bench Freight',
  ELEVENLABS_AGENT_PHONE_NUMBER: '+12195550100',
  // The campaign figure is measured at whatever hour the benchmark runs.
  QUIET_HOURS: '00:00-00:00',
  CALL_RATE_LIMIT_PER_MINUTE: '1000000',
  STUCK_CALL_SCAN_INTERVAL_SECONDS: '0',
  // The silent calls placed for the webhook figures stay live: above the plan's limit, the
  // campaign would (rightly) never dial.
  ELEVENLABS_MAX_CONCURRENT_CALLS: '1000',
  // The figures are about the Part 2 webhook path; the bench sends those webhooks itself.
  ELEVENLABS_LIVE_SOURCE: 'webhook',
};
const services = [];
const stopAll = async () => {
  for (const service of services) await service.stop();
  await simulator.close();
  await database.drop();
};

/** One call to each number (drivers `${prefix}_<i>`) that the simulator plays to its end. */
async function placeCallsFrom(url, numbers, prefix) {
  const sids = [];
  for (const [i, phoneNumber] of numbers.entries()) {
    sids.push(
      await placePartOneCall(url, auth, {
        index: i,
        driverId: `${prefix}_${i}`,
        driverName: 'Bench Driver',
        phoneNumber,
        details: [{ type: 'violation', description: 'Reefer at 45F' }],
      }),
    );
  }
  return sids;
}

async function waitUntilEnded(url, callSids) {
  const deadline = performance.now() + 120_000;
  for (const sid of callSids) {
    for (;;) {
      const call = await (
        await fetch(`${url}/calls/${encodeURIComponent(sid)}`, { headers: auth })
      ).json();
      if (call.status !== 'IN_PROGRESS') break;
      if (performance.now() > deadline) throw new Error(`call ${sid} did not end`);
      await sleep(100);
    }
  }
}

/** Calls to the silent test number: they stay live, with no webhooks of their own. */
const placeCalls = (url, count, prefix) =>
  placeCallsFrom(
    url,
    Array.from({ length: count }, () => '+15005550008'),
    prefix,
  );

/** Waits until each socket has seen its call's last stored turn; false after `timeoutMs`. */
async function replayedWithin(sockets, callSids, seen, timeoutMs) {
  const last = await lastSequences(callSids);
  const deadline = performance.now() + timeoutMs;
  const behind = () =>
    sockets.some((ws, i) => (seen.get(ws) ?? 0) < (last.get(callSids[i % callSids.length]) ?? 0));
  while (behind()) {
    if (performance.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

async function lastSequences(callSids) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT call_sid, last_sequence_number FROM calls WHERE call_sid = ANY($1)',
      [callSids],
    );
    return new Map(rows.map((row) => [row.call_sid, row.last_sequence_number]));
  } finally {
    await client.end();
  }
}

/** Sends `rate` webhooks per second for `seconds` and times each from send to each socket's receipt. */
async function deliveryLatency({ sendTo, wsUrl, callSids, subscribers, rate, seconds }) {
  const sentAt = new Map();
  const latencies = [];
  const seen = new Map();
  const subs = await openSubscribers({
    wsUrl,
    token,
    callSids,
    count: subscribers,
    onMessage: (message, ws) => {
      if (message.type !== 'transcription') return;
      seen.set(ws, Math.max(seen.get(ws) ?? 0, message.sequence_number));
      const started = sentAt.get(message.message_text);
      if (started !== undefined) latencies.push(performance.now() - started);
    },
  });
  // The figure is about turns as they happen: first every subscriber gets the call's history
  // (a new instance's 1,000 subscribers replaying ~1,000 turns each took seconds, and measuring
  // meanwhile timed the replay, not the delivery).
  const replayed = await replayedWithin(subs.sockets, callSids, seen, 60_000);
  if (!replayed) console.log('  (the subscribers had not all received the history after 60 s)');
  const total = rate * seconds;
  const interval = 1000 / rate;
  const begin = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = begin + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const text = `latency ${i} ${Math.random()}`;
    const body = JSON.stringify({
      call_sid: callSids[i % callSids.length],
      speaker: 'agent',
      message: text,
      timestamp: new Date().toISOString(),
    });
    sentAt.set(text, performance.now());
    inflight.push(
      fetch(`${sendTo}/webhooks/elevenlabs/transcription`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'elevenlabs-signature': sign(body, WEBHOOK_SECRET),
        },
        body,
      }).then((r) => r.arrayBuffer()),
    );
  }
  await Promise.all(inflight);
  const expected = total * (subscribers / callSids.length);
  const deadline = performance.now() + 10000;
  while (latencies.length < expected && performance.now() < deadline) await sleep(50);
  subs.close();
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    received: latencies.length,
    expected,
  };
}

try {
  if (!fleetOnly && !campaignsOnly) await coreFigures();

  // Ten campaigns at once on two instances sharing the plan's calls, in a database of their own.
  if (!fleetOnly)
    await campaignThroughput({ size, serviceEnv, auth, redisUrl: REDIS_URL, record, mustHold });

  // The dispatcher's screens on a fleet's year, in a database of its own.
  if (!campaignsOnly) await fleetScreens({ size, serviceEnv, auth, record, mustHold });
} finally {
  await stopAll();
}

/** Everything but the fleet's screens (`--fleet` measures only those). */
async function coreFigures() {
  // Start to healthy.
  const pgliteDir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
  const fresh = await startService(
    { PGLITE_DIR: join(pgliteDir, 'db'), NODE_ENV: 'development' },
    { label: 'embedded (first start)' },
  );
  await fresh.stop();
  const warm = await startService(
    { PGLITE_DIR: join(pgliteDir, 'db'), NODE_ENV: 'development' },
    { label: 'embedded' },
  );
  await warm.stop();
  rmSync(pgliteDir, { recursive: true, force: true });
  const a = await startService(serviceEnv, { label: 'A' });
  services.push(a);
  webhookTarget = a.url;
  record(
    'start to healthy, embedded database (existing data dir)',
    warm.healthyAfterMs,
    '≤ 3000 ms',
    warm.healthyAfterMs <= 3000,
    ' ms',
  );
  record(
    'start to healthy, embedded database (first start, creates it)',
    fresh.healthyAfterMs,
    '≤ 3000 ms',
    fresh.healthyAfterMs <= 3000,
    ' ms',
  );
  record(
    'start to healthy, PostgreSQL (migrations included)',
    a.healthyAfterMs,
    '≤ 2000 ms',
    a.healthyAfterMs <= 2000,
    ' ms',
  );

  const callSids = await placeCalls(a.url, size.calls, 'BENCH');

  // The database alone, then the service at the target rate with subscribers listening.
  const raw = await rawTransactionRate({ url: database.url, callSids, seconds: size.rawSeconds });
  record(
    "raw database transaction rate (one webhook's transaction, 16 clients)",
    raw,
    'reference',
    true,
    '/s',
  );
  const listeners = await openSubscribers({
    wsUrl: a.wsUrl,
    token,
    callSids,
    count: size.subscribers,
  });
  let counter = 0;
  // Warm up (JIT, the service's connection pool) at a moderate rate before measuring.
  await webhookLoad({
    url: a.url,
    secret: WEBHOOK_SECRET,
    seconds: 2,
    rate: 500,
    connections: 16,
    next: () => ({
      call_sid: callSids[counter % callSids.length],
      speaker: 'agent',
      message: `warm-up ${counter++}`,
      timestamp: new Date().toISOString(),
    }),
  });
  // The highest rate the service answers with p99 ack ≤ 50 ms and no errors: offered in steps
  // until latency breaks the bound or the answered rate stops growing (saturation).
  const steps = quick ? [size.rate] : [2000, 2400, 2800, 3200, 3600, 4000];
  let sustained;
  for (const rate of steps) {
    const run = await webhookLoad({
      url: a.url,
      secret: WEBHOOK_SECRET,
      seconds: size.seconds,
      rate,
      connections: 64,
      next: () => ({
        call_sid: callSids[counter % callSids.length],
        speaker: counter % 2 ? 'user' : 'agent',
        message: `sustained ${counter++}`,
        timestamp: new Date().toISOString(),
      }),
    });
    console.log(
      `  offered ${rate}/s: ${round(run.perSecond)}/s answered, p99 ${run.p99} ms, ${run.non2xx} non-2xx, ${run.errors} errors`,
    );
    mustHold(
      `every webhook answered 2xx at ${rate}/s`,
      run.non2xx === 0 && run.errors === 0,
      `${run.non2xx} non-2xx, ${run.errors} errors`,
    );
    const held = run.non2xx === 0 && run.errors === 0 && run.p99 <= 50;
    const grew = !sustained || run.perSecond > sustained.perSecond * 1.03;
    if (!sustained || (held && run.perSecond > sustained.perSecond)) sustained = { ...run, rate };
    if (!held || !grew || run.perSecond < rate * 0.97) break;
  }
  listeners.close();
  record(
    `sustained transcription webhooks (${size.calls} calls, ${size.subscribers} subscribers, p99 ack ≤ 50 ms)`,
    sustained.perSecond,
    '≥ 2000/s',
    sustained.perSecond >= 2000 * 0.97 && sustained.p99 <= 50 && sustained.non2xx === 0,
    '/s',
  );
  record('  p99 webhook ack at that rate', sustained.p99, '≤ 50 ms', sustained.p99 <= 50, ' ms');
  record(
    '  ratio to the raw database transaction rate',
    sustained.perSecond / raw,
    '≥ 0.5',
    sustained.perSecond / raw >= 0.5,
  );

  // Webhook → WebSocket delivery.
  const delivery = await deliveryLatency({
    sendTo: a.url,
    wsUrl: a.wsUrl,
    callSids,
    subscribers: size.subscribers,
    rate: 200,
    seconds: size.seconds,
  });
  record(
    `webhook → WebSocket delivery p50 (200/s, ${size.subscribers} subscribers)`,
    delivery.p50,
    '≤ 10 ms',
    delivery.p50 <= 10 && delivery.received === delivery.expected,
    ' ms',
  );
  record('  p99', delivery.p99, '≤ 50 ms', delivery.p99 <= 50, ' ms');

  // The same across two instances through Redis: webhooks to A, subscribers on B.
  const aRedis = await startService(
    { ...serviceEnv, REDIS_URL, MIGRATIONS_RUN: 'false' },
    { label: 'A+redis' },
  );
  const bRedis = await startService(
    { ...serviceEnv, REDIS_URL, MIGRATIONS_RUN: 'false' },
    { label: 'B+redis' },
  );
  services.push(aRedis, bRedis);
  webhookTarget = aRedis.url;
  await sleep(500);
  // Twice: the pair has just started, and its first run is the worst as a rule (slow deliveries
  // matched slow acknowledgements of the same webhooks; the rest of the tail was the shared
  // cores and disk, see the README). The target is held to the second run; the first is
  // reported beside it.
  const across = { cold: null, warm: null };
  for (const run of ['cold', 'warm']) {
    across[run] = await deliveryLatency({
      sendTo: aRedis.url,
      wsUrl: bRedis.wsUrl,
      callSids,
      subscribers: size.subscribers,
      rate: 200,
      seconds: size.seconds,
    });
  }
  record(
    'delivery across two instances through Redis, p99',
    across.warm.p99,
    '≤ 75 ms',
    across.warm.p99 <= 75 && across.warm.received === across.warm.expected,
    ' ms',
  );
  record(
    '  … its first run, on the pair just started',
    across.cold.p99,
    'reference',
    across.cold.received === across.cold.expected,
    ' ms',
  );
  await aRedis.stop();
  await bRedis.stop();
  webhookTarget = a.url;

  // One hot call.
  const [hot] = await placeCalls(a.url, 1, 'HOT');
  let hotCounter = 0;
  const hotLoad = await webhookLoad({
    url: a.url,
    secret: WEBHOOK_SECRET,
    seconds: size.seconds,
    rate: 5000,
    connections: 32,
    next: () => ({
      call_sid: hot,
      speaker: 'agent',
      message: `hot ${hotCounter++}`,
      timestamp: new Date().toISOString(),
    }),
  });
  const hotCall = await (
    await fetch(`${a.url}/calls/${encodeURIComponent(hot)}`, { headers: auth })
  ).json();
  const sequence = hotCall.transcript.map((turn) => turn.sequence_number);
  const gapless = sequence.every((n, i) => n === i + 1);
  console.log(
    `  hot call: ${hotLoad.requests} requests answered, ${hotLoad.non2xx} non-2xx, ${hotLoad.errors} errors, ${sequence.length} turns stored, gapless ${gapless}`,
  );
  mustHold(
    'one hot call: every webhook answered 2xx, its turns stored gapless',
    gapless && sequence.length > 0 && hotLoad.non2xx === 0 && hotLoad.errors === 0,
    `${hotLoad.non2xx} non-2xx, ${hotLoad.errors} errors, ${sequence.length} turns, gapless ${gapless}`,
  );
  record(
    'one hot call (all webhooks for one call)',
    hotLoad.perSecond,
    '≥ 1000 turns/s, gapless',
    hotLoad.perSecond >= 1000 && gapless && hotLoad.non2xx === 0 && hotLoad.errors === 0,
    ' turns/s',
  );

  // Idle authenticated subscribed sockets, on an instance of their own (a loaded instance keeps
  // the heap it grew, which says nothing about what a socket costs), subscribed to calls that
  // have no turns yet so nothing is replayed.
  const idleService = await startService(
    { ...serviceEnv, MIGRATIONS_RUN: 'false' },
    { label: 'idle' },
  );
  services.push(idleService);
  const idleCalls = await placeCalls(idleService.url, 20, 'IDLE');
  const before = idleService.rssBytes();
  const idle = await openSubscribers({
    wsUrl: idleService.wsUrl,
    token,
    callSids: idleCalls,
    count: size.idle,
    batch: 500,
  });
  await sleep(1000);
  const rss = idleService.rssBytes();
  idle.close();
  await idleService.stop();
  record(
    `idle subscribed WebSockets on one instance (${size.idle})`,
    rss / 1024 / 1024,
    `≥ 10000 sockets, RSS ≤ 400 MB`,
    size.idle >= 10000 && rss <= 400 * 1024 * 1024,
    ' MB RSS',
  );
  results.at(-1).rss_before_mb = round(before / 1024 / 1024, 1);

  // Fetch of a long conversation.
  const [long] = await placeCalls(a.url, 1, 'LONG');
  const call = await (
    await fetch(`${a.url}/calls/${encodeURIComponent(long)}`, { headers: auth })
  ).json();
  await sleep(300);
  await fetch(`${simulatorUrl}/_simulator/conversations/${call.conversation_id}/finish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ turns: size.fetchTurns }),
  });
  const timeFetch = async () => {
    const started = performance.now();
    const response = await fetch(
      `${a.url}/driver_data/conversations/${call.conversation_id}/fetch`,
      { method: 'POST', headers: auth },
    );
    const body = await response.json();
    return {
      ms: performance.now() - started,
      added: body.transcriptions_added,
      total: body.transcriptions_total,
    };
  };
  const firstFetch = await timeFetch();
  const secondFetch = await timeFetch();
  record(
    `fetch of a ${firstFetch.total}-turn conversation`,
    firstFetch.ms,
    '≤ 500 ms',
    firstFetch.ms <= 500 && firstFetch.total >= 1000,
    ' ms',
  );
  record(
    '  the same again (nothing new)',
    secondFetch.ms,
    '≤ 200 ms',
    secondFetch.ms <= 200 && secondFetch.added === 0,
    ' ms',
  );

  // A campaign: its dial rate under the plan's limit, and the scheduler's delay (a retry falling
  // due to its dial: every fifth driver is busy the first time and retried after 1 s).
  const hhmm = (at) => new Date(at).toISOString().slice(11, 16);
  const campaignBody = {
    name: 'Bench',
    callType: 'violation',
    timezone: 'UTC',
    calling_window: { start: hhmm(Date.now() - 3600_000), end: hhmm(Date.now() + 3600_000) },
    concurrency: 10,
    retry: { max_attempts: 2, delay_seconds: 1 },
    drivers: Array.from({ length: size.campaignDrivers }, (_, i) => ({
      driverId: `CAMPAIGN_${i}`,
      driverName: 'Bench Driver',
      phoneNumber: i % 5 === 0 ? '+15005550010' : '+12192002824',
      violations: { tripId: 'T', violationDetails: [{ type: 'violation', description: 'x' }] },
    })),
  };
  const campaignStarted = performance.now();
  const created = await fetch(`${a.url}/campaigns`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(campaignBody),
  });
  if (created.status !== 201) throw new Error(`campaign refused: ${await created.text()}`);
  const { campaign_id } = await created.json();
  let campaign;
  do {
    await sleep(100);
    campaign = await (await fetch(`${a.url}/campaigns/${campaign_id}`, { headers: auth })).json();
  } while (campaign.status === 'running' && performance.now() - campaignStarted < 300_000);
  const campaignSeconds = (performance.now() - campaignStarted) / 1000;
  const dials = campaign.drivers.reduce((sum, driver) => sum + driver.attempts, 0);
  mustHold(
    'the campaign completed',
    campaign.status === 'completed',
    `still ${campaign.status} after ${round(campaignSeconds)} s; not finished: ${JSON.stringify(
      campaign.drivers.filter((d) => !['completed', 'failed', 'skipped'].includes(d.state)),
    )}`,
  );
  record(
    `campaign of ${size.campaignDrivers} drivers, 10 at once: dial rate`,
    dials / campaignSeconds,
    '≥ 5 dials/s, completed',
    campaign.status === 'completed' && dials / campaignSeconds >= 5,
    ' dials/s',
  );
  const retryDelays = [];
  for (const driver of campaign.drivers.filter((d) => d.call_sids.length === 2)) {
    const [first, second] = await Promise.all(
      driver.call_sids.map(async (sid) =>
        (await fetch(`${a.url}/calls/${encodeURIComponent(sid)}`, { headers: auth })).json(),
      ),
    );
    const due = Date.parse(first.call_end_time) + 1000;
    retryDelays.push(Date.parse(second.call_start_time) - due);
  }
  record(
    `  scheduler delay, a retry falling due to its dial (p50 ${round(percentile(retryDelays, 50))} ms)`,
    percentile(retryDelays, 99),
    'p99 ≤ 2000 ms',
    retryDelays.length > 0 && percentile(retryDelays, 99) <= 2000,
    ' ms p99',
  );

  // The conversation-initiation webhook, as the platform calls it while a driver's phone rings:
  // drivers whose calls ended with an item still open call back (their first callback carries
  // the items, later ones take a message), and every fourth caller is a number nobody has.
  // Last: each callback stays in progress (nothing plays it), and calls in progress count
  // against the plan's concurrency, which the campaign above respects.
  const callers = Array.from(
    { length: size.initiationDrivers },
    (_, i) => `+1219557${String(i).padStart(4, '0')}`,
  );
  const endedCalls = await placeCallsFrom(a.url, callers, 'INIT');
  await waitUntilEnded(a.url, endedCalls);
  await initiationLatency({
    url: a.url,
    toolSecret: TOOL_SECRET,
    agentId: 'agent_bench',
    callers,
    requests: 20,
    concurrency: 2,
  }); // warm-up
  const initiation = await initiationLatency({
    url: a.url,
    toolSecret: TOOL_SECRET,
    agentId: 'agent_bench',
    callers,
    requests: size.initiations,
    concurrency: 4,
  });
  mustHold(
    'every conversation-initiation request answered 200 with client data',
    initiation.failures === 0,
    `${initiation.failures} failed`,
  );
  record(
    `conversation-initiation webhook, ${size.initiations} callbacks 4 at once (p50 ${round(initiation.p50)} ms)`,
    initiation.p99,
    'p99 ≤ 150 ms',
    initiation.p99 <= 150 && initiation.failures === 0,
    ' ms p99',
  );
}

console.table(
  results.map(({ figure, value, unit, target, pass }) => ({
    figure,
    value: `${value}${unit}`,
    target,
    pass,
  })),
);
writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ quick, measured_at: new Date().toISOString(), results, correctness_failures: correctnessFailures }, null, 2)}\n`,
);
console.log(`Wrote bench/results.json (${results.filter((r) => !r.pass).length} missed).`);
if (correctnessFailures.length > 0) {
  console.error(
    `The benchmark found ${correctnessFailures.length} correctness failure(s):\n${correctnessFailures.join('\n')}`,
  );
  process.exitCode = 1;
}
