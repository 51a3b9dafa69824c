import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AnalyticsRepository } from '../src/analytics/analytics.repository.js';
import { FleetSeedRepository } from '../src/database/fleet-seed/fleet-seed.repository.js';
import { statementsOf } from './support/statements.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Tables that grow with the fleet: a query reading one of them whole is a defect. */
const GROWING = ['calls', 'call_items', 'call_transcriptions', 'audit_entries', 'campaign_drivers'];
const SEEDED = { calls: 20_000, drivers: 1_000, days: 365 };
const DAY_MS = 86_400_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Rows each growing table gave the plan, those its filters dropped included. */
function rowsRead(node: PlanNode, into = new Map<string, number>()): Map<string, number> {
  const table = node['Relation Name'];
  if (table && GROWING.includes(table)) {
    const perLoop =
      (node['Actual Rows'] ?? 0) +
      (node['Rows Removed by Filter'] ?? 0) +
      (node['Rows Removed by Index Recheck'] ?? 0);
    into.set(table, (into.get(table) ?? 0) + perLoop * (node['Actual Loops'] ?? 1));
  }
  for (const child of node.Plans ?? []) rowsRead(child, into);
  return into;
}

/**
 * The statements that read more of a growing table than their share of it (at least 2,000
 * rows). At this size reading a table whole (or a large slice through a bitmap) and sorting it
 * is often the cheaper plan, where at a year's size the planner walks an index and stops at the
 * page's end; so the planner is told to read through plain index scans. What still reads too
 * much is a query no index serves in its order, which at a year's size reads the table end to
 * end.
 */
async function overBudget(
  dataSource: DataSource,
  statements: { sql: string; params: unknown[] }[],
  share: number,
): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SET enable_seqscan = off');
    await runner.query('SET enable_bitmapscan = off');
    const sizes = new Map<string, number>();
    for (const table of GROWING) {
      const [row] = (await runner.query(`SELECT count(*)::int AS n FROM ${table}`)) as {
        n: number;
      }[];
      sizes.set(table, row!.n);
    }
    const over: string[] = [];
    for (const { sql, params } of statements) {
      const [row] = (await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)) as {
        'QUERY PLAN': { Plan: PlanNode }[];
      }[];
      for (const [table, read] of rowsRead(row!['QUERY PLAN'][0]!.Plan))
        if (read > Math.max(2000, share * sizes.get(table)!))
          over.push(`${read} of ${sizes.get(table)} rows of ${table}: ${sql}`);
    }
    return over;
  } finally {
    await runner.query('RESET enable_seqscan');
    await runner.query('RESET enable_bitmapscan');
    await runner.release();
  }
}

/**
 * The screens' queries on a seeded fleet (20,000 calls, 60,000 items, 200,000 turns), and any
 * background job's that ran meanwhile (a campaign sweep reading every campaign row was found
 * this way): each is explained with the values it ran with, and none may read more of a growing
 * table than its page needs. A later change that loses an index fails here, long before a real
 * fleet feels it.
 */
describe('Query plans at a fleet size', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let admin: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    auth = { authorization: `Bearer ${t.token()}` };
    admin = { authorization: `Bearer ${t.token({ role: 'admin' })}` };
    await new FleetSeedRepository(t.dataSource).seed(SEEDED, () => undefined);
  }, 240_000);
  afterAll(() => t.close());

  const now = Date.now();
  const month = `from=${new Date(now - 30 * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`;
  const year = `from=${new Date(now - 365 * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`;
  /** Each screen, and the share of a growing table it may read (a month of a year: 10%). */
  const screens: [string, number][] = [
    ['/calls?limit=50', 0],
    ['/calls?limit=50&status=FAILED', 0],
    ['/calls?limit=50&driverId=FLEET-000017', 0],
    ['/follow-ups?limit=50', 0],
    ['/follow-ups?limit=50&reason=transfer_failed', 0],
    ['/follow-ups?limit=50&driverId=FLEET-000017', 0],
    ['/drivers?q=lopez&limit=50', 0],
    ['/drivers/FLEET-000017', 0],
    ['/audit?limit=50', 0],
    ['/audit?limit=50&action=call.placed', 0],
    [`/analytics/summary?${year}`, 0],
    ['/analytics/summary?driverId=FLEET-000017', 0],
    [`/analytics/calls.csv?${month}`, 0.1],
  ];

  it.each(screens)('GET %s reads the growing tables through indexes', async (path, share) => {
    const statements = await statementsOf(t.dataSource, () =>
      request(t.url).get(path).set(admin).expect(200),
    );
    expect(statements.length).toBeGreaterThan(0);
    expect(await overBudget(t.dataSource, statements, share)).toEqual([]);
  });

  it('GET /calls page 50 comes through the cursor without reading the pages before it', async () => {
    let path = '/calls?limit=50';
    for (let page = 1; page < 50; page++) {
      const body = (await request(t.url).get(path).set(auth).expect(200)).body;
      path = `/calls?limit=50&cursor=${encodeURIComponent(body.next_cursor)}`;
    }
    const statements = await statementsOf(t.dataSource, () =>
      request(t.url).get(path).set(auth).expect(200),
    );
    expect(statements.length).toBeGreaterThan(0);
    expect(await overBudget(t.dataSource, statements, 0)).toEqual([]);
  });

  it("the summary's rollups agree with the calls themselves, after changes and deletes", async () => {
    const plain = t.app.get(AnalyticsRepository);
    const compare = async () => {
      const summary = (await request(t.url).get('/analytics/summary').set(auth).expect(200)).body;
      const statuses = await plain.callStats({});
      expect(summary.calls.total).toBe(statuses.reduce((sum, row) => sum + row.calls, 0));
      for (const row of statuses) expect(summary.calls.by_status[row.status]).toBe(row.calls);
      const items = await plain.itemStats({});
      expect(summary.items.total).toBe(items.reduce((sum, row) => sum + row.items, 0));
      const resolved = items
        .filter((row) => row.outcome === 'resolved')
        .reduce((sum, row) => sum + row.items, 0);
      expect(summary.items.by_outcome.resolved).toBe(resolved);
      const days = await plain.perDay({});
      expect(summary.per_day).toEqual(
        days.map((day) => ({ ...day, cost: expect.closeTo(day.cost ?? 0, 4) })),
      );
      return summary;
    };
    const before = await compare();
    await t.dataSource.query(
      `UPDATE call_items SET outcome = 'resolved', source = 'dispatcher', updated_at = now()
        WHERE outcome = 'disputed' AND call_id IN (SELECT id FROM calls ORDER BY id LIMIT 300)`,
    );
    await t.dataSource.query(
      `UPDATE calls SET status = 'COMPLETED', call_duration_seconds = 42, cost = 0.05
        WHERE status = 'FAILED' AND id IN (SELECT id FROM calls ORDER BY id DESC LIMIT 200)`,
    );
    await t.dataSource.query(
      `UPDATE calls SET call_start_time = call_start_time - interval '2 days'
        WHERE id IN (SELECT id FROM calls ORDER BY id LIMIT 50)`,
    );
    await t.dataSource.query(
      `DELETE FROM calls WHERE id IN (SELECT id FROM calls ORDER BY id LIMIT 100)`,
    );
    const after = await compare();
    expect(after.items.by_outcome.disputed).toBeLessThan(before.items.by_outcome.disputed);
    expect(after.calls.by_status.FAILED).toBeLessThan(before.calls.by_status.FAILED);
    expect(after.calls.total).toBe(before.calls.total - 100);
  });
});
