// Campaign throughput: ten campaigns of a fleet's drivers at once on two instances sharing one
// plan (ELEVENLABS_MAX_CONCURRENT_CALLS=30), against a simulated account that refuses a call
// beyond that limit. Measured from the account's side: how busy the campaigns keep the calls
// they may use, how soon a call that ended is replaced, and the instances' CPU per dial.
// BENCH_DEBUG=1 also prints the calls live second by second and the slowest refills.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SIMULATOR_API_KEY } from '../../dist/src/config/app-config.js';
import { planAgentUpdate } from '../../dist/src/elevenlabs/agent/agent-diff.js';
import { agentRequirements } from '../../dist/src/elevenlabs/agent/agent-requirements.js';
import { ElevenLabsSimulator } from '../../dist/src/elevenlabs/simulator/elevenlabs-simulator.js';
import { createBenchDatabase } from './database.mjs';
import { placePartOneCall } from './part-one.mjs';
import { startService } from './service.mjs';
import { percentile, round } from './stats.mjs';

const CAMPAIGNS = 10;
const PLAN_LIMIT = 30;
const RESERVED_FOR_CALLBACKS = 2;
const CAMPAIGN_LIMIT = PLAN_LIMIT - RESERVED_FOR_CALLBACKS;
/** Short calls: about three to five seconds (one to three items). */
const TURN_DELAY_MS = 400;
const BUSY_ONCE = '+15005550010';
const NO_ANSWER = '+15005550002';
const MAX_ATTEMPTS = 2;

/** One to three items: calls of different lengths, as a fleet's are. */
function itemsOf(i) {
  return Array.from({ length: 1 + (i % 3) }, (_, item) => ({
    type: 'violation',
    description: `Item ${item + 1}`,
  }));
}

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function phoneOf(campaign, i) {
  if (i % 20 === 7) return BUSY_ONCE;
  if (i % 50 === 11) return NO_ANSWER;
  return `+1312${230 + campaign}${String(i).padStart(4, '0')}`;
}

/** What each driver's calls should come to, by the campaign's rules. */
function expectedOf(phoneNumber) {
  if (phoneNumber === BUSY_ONCE) return { state: 'completed', attempts: 2 };
  if (phoneNumber === NO_ANSWER) return { state: 'failed', attempts: MAX_ATTEMPTS };
  return { state: 'completed', attempts: 1 };
}

/**
 * Calls live on the account, averaged over each `bucketMs` of [from, to], from each
 * conversation's placing and end (one sweep over the events).
 */
function liveSeries(conversations, from, to, bucketMs) {
  const events = conversations.flatMap((c) => [
    [c.placedAtMs, 1],
    [c.endedAtMs ?? to, -1],
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const buckets = new Float64Array(Math.ceil((to - from) / bucketMs));
  const add = (start, end, live) => {
    for (let at = start; at < end;) {
      const bucket = Math.floor((at - from) / bucketMs);
      const edge = Math.min(end, from + (bucket + 1) * bucketMs);
      buckets[bucket] += live * (edge - at);
      at = edge;
    }
  };
  let live = 0;
  let last = from;
  for (const [at, delta] of events) {
    const clipped = Math.min(Math.max(at, from), to);
    add(last, clipped, live);
    last = clipped;
    live += delta;
  }
  add(last, to, live);
  return Array.from(
    buckets,
    (busy, k) => busy / (Math.min(to, from + (k + 1) * bucketMs) - (from + k * bucketMs)),
  );
}

/** The share of the campaigns' calls in use, averaged over [from, to]. */
function utilisation(conversations, from, to) {
  return liveSeries(conversations, from, to, to - from)[0] / CAMPAIGN_LIMIT;
}

/**
 * How long each call's end waited for the next dial to take its place: ends and dials in time
 * order, each dial taking the oldest freed call (the first CAMPAIGN_LIMIT dials take the calls
 * free at the start); only ends before `until` (while drivers were due) count.
 */
function refillDelays(conversations, until) {
  const events = [
    ...conversations.map((c) => ({ at: c.placedAtMs, dial: true })),
    ...conversations
      .filter((c) => c.endedAtMs !== undefined && c.endedAtMs < until)
      .map((c) => ({ at: c.endedAtMs, dial: false })),
  ].sort((a, b) => a.at - b.at || Number(a.dial) - Number(b.dial));
  const freed = [];
  let startSlots = CAMPAIGN_LIMIT;
  const delays = [];
  for (const event of events) {
    if (!event.dial) freed.push(event.at);
    else if (startSlots > 0) startSlots -= 1;
    else if (freed.length > 0) delays.push(event.at - freed.shift());
  }
  return delays;
}

/**
 * The same kind of calls placed through Part 1 with no campaign, CAMPAIGN_LIMIT at a time (each
 * worker waits for its call's end on the account): the CPU a call costs the two instances.
 */
async function partOneCalls(services, auth, simulator, calls) {
  const callSidOf = (c) =>
    c.request.conversation_initiation_client_data?.dynamic_variables?.call_sid;
  const before = services.map((service) => cpuSeconds(service.pid));
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < calls; i = next++) {
      const call_sid = await placePartOneCall(services[i % 2].url, auth, {
        index: i,
        driverId: `SINGLE_${i}`,
        driverName: 'Fleet Driver',
        phoneNumber: `+1312250${String(i).padStart(4, '0')}`,
        details: itemsOf(i),
      });
      const conversation = simulator.allConversations.findLast((c) => callSidOf(c) === call_sid);
      if (conversation) await simulator.finished(conversation.conversationId, 60_000);
    }
  };
  await Promise.all(Array.from({ length: CAMPAIGN_LIMIT }, worker));
  await sleep(2000); // the last post-call webhooks
  const cpu = services.reduce((sum, service, i) => sum + cpuSeconds(service.pid) - before[i], 0);
  return { calls, cpuMs: (cpu * 1000) / calls };
}

export async function campaignThroughput({ size, serviceEnv, auth, redisUrl, record, mustHold }) {
  const targets = [];
  let next = 0;
  const simulator = new ElevenLabsSimulator({
    apiKey: SIMULATOR_API_KEY,
    webhookSecret: serviceEnv.ELEVENLABS_WEBHOOK_SECRET,
    turnDelayMs: TURN_DELAY_MS,
    // Each call's end reaches one instance or the other.
    webhookBaseUrl: () => targets[next++ % targets.length],
    concurrencyLimit: PLAN_LIMIT,
  });
  const agentId = serviceEnv.ELEVENLABS_AGENT_ID;
  const simulatorUrl = await simulator.listen();
  simulator.agents.patch(
    agentId,
    planAgentUpdate(simulator.agents.get(agentId), agentRequirements('monitor')).patch,
  );
  const database = await createBenchDatabase();
  const env = {
    ...serviceEnv,
    DATABASE_URL: database.url,
    ELEVENLABS_BASE_URL: simulatorUrl,
    ELEVENLABS_LIVE_SOURCE: 'monitor',
    ELEVENLABS_MAX_CONCURRENT_CALLS: String(PLAN_LIMIT),
    ELEVENLABS_RESERVED_INBOUND_CALLS: String(RESERVED_FOR_CALLBACKS),
    REDIS_URL: redisUrl,
  };
  const services = [];
  try {
    services.push(await startService(env, { label: 'campaigns A' }));
    services.push(
      await startService({ ...env, MIGRATIONS_RUN: 'false' }, { label: 'campaigns B' }),
    );
    targets.push(...services.map((service) => service.url));
    const [a, b] = services;
    const hhmm = (at) => new Date(at).toISOString().slice(11, 16);
    const window = { start: hhmm(Date.now() - 3600_000), end: hhmm(Date.now() + 3 * 3600_000) };
    const cpuBefore = services.map((service) => cpuSeconds(service.pid));
    const started = performance.now();
    const ids = [];
    for (let c = 0; c < CAMPAIGNS; c++) {
      const response = await fetch(`${[a, b][c % 2].url}/campaigns`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          name: `Fleet ${c + 1}`,
          callType: 'violation',
          timezone: 'UTC',
          calling_window: window,
          concurrency: 10,
          retry: { max_attempts: MAX_ATTEMPTS, delay_seconds: 1 },
          drivers: Array.from({ length: size.throughputDrivers }, (_, i) => ({
            driverId: `FLEET_${c}_${i}`,
            driverName: 'Fleet Driver',
            phoneNumber: phoneOf(c, i),
            violations: { tripId: 'T', violationDetails: itemsOf(i) },
          })),
        }),
      });
      if (response.status !== 201) throw new Error(`campaign refused: ${await response.text()}`);
      ids.push((await response.json()).campaign_id);
    }
    const deadline = performance.now() + size.throughputSeconds * 1000;
    let running = CAMPAIGNS;
    while (running > 0 && performance.now() < deadline) {
      await sleep(500);
      const { campaigns } = await (
        await fetch(`${a.url}/campaigns?limit=50`, { headers: auth })
      ).json();
      running = campaigns.filter(
        (c) => ids.includes(c.campaign_id) && c.status === 'running',
      ).length;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = services.reduce(
      (sum, service, i) => sum + cpuSeconds(service.pid) - cpuBefore[i],
      0,
    );
    mustHold(
      'the ten campaigns completed',
      running === 0,
      `${running} still running after ${round(seconds)} s`,
    );

    // Every driver handled as the campaign's rules say, and dialled no more than that.
    const dialsOf = new Map();
    for (const conversation of simulator.allConversations) {
      const driverId = conversation.request.conversation_initiation_client_data?.user_id;
      dialsOf.set(driverId, (dialsOf.get(driverId) ?? 0) + 1);
    }
    const wrong = [];
    for (const id of ids) {
      const campaign = await (await fetch(`${a.url}/campaigns/${id}`, { headers: auth })).json();
      for (const driver of campaign.drivers) {
        const c = Number(driver.driver_id.split('_')[1]);
        const i = Number(driver.driver_id.split('_')[2]);
        const expected = expectedOf(phoneOf(c, i));
        const dials = dialsOf.get(driver.driver_id) ?? 0;
        if (
          driver.state !== expected.state ||
          driver.attempts !== expected.attempts ||
          dials !== expected.attempts
        )
          wrong.push(
            `${driver.driver_id}: ${driver.state} after ${driver.attempts} attempts, ${dials} dials`,
          );
      }
    }
    mustHold(
      'every campaign driver handled as the rules say',
      wrong.length === 0,
      wrong.slice(0, 5).join('; '),
    );
    const refused =
      (simulator.requestCounts.get('POST /v1/convai/twilio/outbound-call') ?? 0) -
      simulator.conversationCount;
    mustHold(
      `never more than ${CAMPAIGN_LIMIT} calls live, none refused by the account`,
      simulator.peakLiveConversations <= CAMPAIGN_LIMIT && refused === 0,
      `peak ${simulator.peakLiveConversations}, ${refused} refused`,
    );

    const conversations = simulator.allConversations;
    // Drivers are due in every campaign until one of them dials its last driver the first time
    // (later, what is left may want fewer calls than the plan has: ten at most a campaign).
    const lastFirstDial = new Map();
    const seen = new Set();
    for (const c of conversations) {
      const driverId = c.request.conversation_initiation_client_data?.user_id;
      if (seen.has(driverId)) continue;
      seen.add(driverId);
      const campaign = driverId.split('_')[1];
      lastFirstDial.set(campaign, Math.max(lastFirstDial.get(campaign) ?? 0, c.placedAtMs));
    }
    const from = conversations.reduce((min, c) => Math.min(min, c.placedAtMs), Infinity);
    const until = Math.min(...lastFirstDial.values());
    const busy = utilisation(conversations, from, until);
    const delays = refillDelays(conversations, until);
    const dials = conversations.length;
    if (process.env.BENCH_DEBUG) {
      const perSecond = liveSeries(conversations, from, until, 1000);
      console.log('calls live, second by second:', perSecond.map((x) => round(x, 0)).join(' '));
      console.log(
        'slowest refills (ms):',
        [...delays]
          .sort((x, y) => x - y)
          .slice(-8)
          .join(' '),
      );
    }
    record(
      `${CAMPAIGNS} campaigns × ${size.throughputDrivers} drivers, 2 instances, plan limit ${PLAN_LIMIT}: calls in use while drivers are due (${round(dials / seconds)} dials/s)`,
      busy * 100,
      `≥ 95% of ${CAMPAIGN_LIMIT}`,
      busy >= 0.95,
      '%',
    );
    record(
      `  a call's end to the next dial (p50 ${round(percentile(delays, 50))} ms, ${delays.length} refills)`,
      percentile(delays, 99),
      'p99 ≤ 1000 ms',
      delays.length > 0 && percentile(delays, 99) <= 1000,
      ' ms p99',
    );
    const perDial = (cpu * 1000) / dials;
    const baseline = await partOneCalls(services, auth, simulator, size.baselineCalls);
    record(
      "  both instances' CPU per campaign dial (the pass, the dial, following the call, its webhooks)",
      perDial,
      'reported',
      true,
      ' ms',
    );
    record(
      `  of which the scheduler's: less the CPU per call placed through Part 1 (${baseline.calls} calls, ${CAMPAIGN_LIMIT} at once: ${round(baseline.cpuMs)} ms)`,
      perDial - baseline.cpuMs,
      'reported',
      true,
      ' ms',
    );
  } finally {
    for (const service of services) await service.stop();
    await simulator.close();
    await database.drop();
  }
}
