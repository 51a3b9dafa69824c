// The dispatcher's screens on a fleet's year: `npm run seed:fleet` into a database of its own,
// then the pages, the summary and the CSV export timed through the service's HTTP API.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBenchDatabase } from './database.mjs';
import { startService } from './service.mjs';
import { percentile, round } from './stats.mjs';

const DAY_MS = 86_400_000;

/** Runs the seeder (the same command users run) and returns its wall time in seconds. */
export async function seedFleet(databaseUrl, { calls, drivers }) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['dist/src/database/cli/seed-fleet.js', '--calls', String(calls), '--drivers', String(drivers)],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-2000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-2000)));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seed:fleet failed (${code}): ${output}`);
  return (performance.now() - started) / 1000;
}

async function timed(url, headers) {
  const started = performance.now();
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 200)}`);
  return { ms: performance.now() - started, body };
}

/** p90 of `runs` sequential requests after three warm-ups. */
async function p90(url, headers, runs) {
  for (let i = 0; i < 3; i++) await timed(url, headers);
  const times = [];
  for (let i = 0; i < runs; i++) times.push((await timed(url, headers)).ms);
  return percentile(times, 90);
}

/** The page-50 URL of GET /calls: 49 pages walked through `next_cursor`. */
async function fiftiethCallsPage(base, headers) {
  let url = `${base}/calls?limit=50`;
  for (let page = 1; page < 50; page++) {
    const { body } = await timed(url, headers);
    const cursor = JSON.parse(body).next_cursor;
    if (!cursor) throw new Error(`GET /calls ran out of pages at page ${page}`);
    url = `${base}/calls?limit=50&cursor=${encodeURIComponent(cursor)}`;
  }
  return url;
}

/** p90 of each screen's first page (and page 50 of the calls), in ms. */
export async function pageTimes(base, headers, runs) {
  const pages = {
    'GET /calls, first page': `${base}/calls?limit=50`,
    'GET /calls, page 50 (cursor)': await fiftiethCallsPage(base, headers),
    'GET /follow-ups': `${base}/follow-ups?limit=50`,
    'GET /drivers?q=': `${base}/drivers?q=lopez&limit=50`,
    'GET /audit': `${base}/audit?limit=50`,
  };
  const times = {};
  for (const [name, url] of Object.entries(pages)) times[name] = await p90(url, headers, runs);
  return times;
}

/** p90 of a year's summary (the whole fleet), in ms. */
export function summaryTime(base, headers, runs) {
  const to = new Date();
  const from = new Date(to.getTime() - 365 * DAY_MS);
  return p90(
    `${base}/analytics/summary?from=${from.toISOString()}&to=${to.toISOString()}`,
    headers,
    runs,
  );
}

/** A month's CSV export: rows per second, and how far the service's memory grew meanwhile. */
export async function csvExport(base, headers, service) {
  const to = new Date();
  const from = new Date(to.getTime() - 30 * DAY_MS);
  const before = service.rssBytes();
  let peak = before;
  const sampling = setInterval(() => (peak = Math.max(peak, service.rssBytes())), 25);
  const started = performance.now();
  const response = await fetch(
    `${base}/analytics/calls.csv?from=${from.toISOString()}&to=${to.toISOString()}`,
    { headers },
  );
  let lines = 0;
  let bytes = 0;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampling);
  await sleep(50);
  peak = Math.max(peak, service.rssBytes());
  const rows = Math.max(0, lines - 1);
  return {
    status: response.status,
    rows,
    bytes,
    seconds,
    rowsPerSecond: rows / seconds,
    growthMb: (peak - before) / 1024 / 1024,
  };
}

/**
 * Seeds a fleet's year into a database of its own, starts a service on it and records each
 * screen's figure beside its target.
 */
export async function fleetScreens({ size, serviceEnv, auth, record, mustHold }) {
  const fleetDatabase = await createBenchDatabase();
  try {
    const seconds = await seedFleet(fleetDatabase.url, {
      calls: size.fleetCalls,
      drivers: size.fleetDrivers,
    });
    record(
      `seed:fleet, ${size.fleetCalls} calls to ${size.fleetDrivers} drivers`,
      seconds,
      'minutes (reference)',
      true,
      ' s',
    );
    const fleet = await startService(
      { ...serviceEnv, DATABASE_URL: fleetDatabase.url },
      { label: 'fleet' },
    );
    try {
      const pages = await pageTimes(fleet.url, auth, size.pageRuns);
      for (const [page, ms] of Object.entries(pages))
        record(
          `${page}, 50 rows, ${size.fleetCalls} calls (p90)`,
          ms,
          'p90 ≤ 50 ms',
          ms <= 50,
          ' ms',
        );
      const summary = await summaryTime(fleet.url, auth, size.pageRuns);
      record('GET /analytics/summary for a year (p90)', summary, '≤ 300 ms', summary <= 300, ' ms');
      const csv = await csvExport(fleet.url, auth, fleet);
      mustHold(
        'the CSV export answered 200 with rows',
        csv.status === 200 && csv.rows > 0,
        `${csv.status}, ${csv.rows} rows`,
      );
      record(
        `GET /analytics/calls.csv for a month (${csv.rows} rows, ${round(csv.bytes / 1e6)} MB)`,
        csv.rowsPerSecond,
        '≥ 20000 rows/s',
        csv.rowsPerSecond >= 20_000,
        ' rows/s',
      );
      record(
        '  service memory growth during the export',
        csv.growthMb,
        '≤ 100 MB',
        csv.growthMb <= 100,
        ' MB',
      );
    } finally {
      await fleet.stop();
    }
  } finally {
    await fleetDatabase.drop();
  }
}
