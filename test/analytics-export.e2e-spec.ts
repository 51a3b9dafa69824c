import http from 'node:http';
import { jest } from '@jest/globals';
import request from 'supertest';
import { AnalyticsRepository } from '../src/analytics/analytics.repository.js';
import { AnalyticsService } from '../src/analytics/analytics.service.js';
import { callRequest } from './support/call-requests.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Pages of 100 calls: 50 of them.
const COPIES = 5_000;

/** The CSV export when its client goes away, and when the database fails part-way. */
describe('GET /analytics/calls.csv: streams that end', () => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    auth = { authorization: `Bearer ${t.token()}` };
    const placed = await request(t.url)
      .post('/driver_data/call-elevenlabs')
      .set(auth)
      .send(callRequest())
      .expect(200);
    // A few pages of calls: copies of the one placed, each with its own ids.
    const columns = (
      (await t.dataSource.query(
        `SELECT column_name FROM information_schema.columns
          WHERE table_name = 'calls' AND column_name <> 'id' ORDER BY ordinal_position`,
      )) as { column_name: string }[]
    ).map((row) => row.column_name);
    const copied = columns.map((name) =>
      ['call_sid', 'conversation_id', 'twilio_call_sid'].includes(name)
        ? `${name} || '_' || g`
        : name,
    );
    await t.dataSource.query(
      `INSERT INTO calls (${columns.join(', ')})
       SELECT ${copied.join(', ')} FROM calls, generate_series(1, ${COPIES}) g WHERE call_sid = $1`,
      [placed.body.call_sid],
    );
  });
  afterAll(() => t.close());

  /** Watches the export's line generator (calling through) to see it finish. */
  function watchExport(): { finished: () => boolean } {
    const service = t.app.get(AnalyticsService);
    const original = service.csv.bind(service);
    let finished = false;
    jest.spyOn(service, 'csv').mockImplementationOnce(async function* (query) {
      try {
        yield* original(query);
      } finally {
        finished = true;
      }
    });
    return { finished: () => finished };
  }

  it('writes each cell as a spreadsheet reads it: empty for none, quoted when needed, formulas defused', async () => {
    /** What a careful CSV writer does with one value (RFC 4180 quoting, OWASP's formula rule). */
    const expected = (value: string | null) => {
      if (value === null) return '';
      const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
      return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    };
    const values = [
      null,
      '',
      'plain',
      'a,b',
      'say "hi"',
      "it's",
      'two\nlines',
      'carriage\rreturn',
      '=1+2',
      '+15005550001',
      '-3',
      '@SUM(A1)',
      '\tindented',
      '\rstart',
      '=HYPERLINK("http://evil.example","click")',
      'Ünïcödé, déjà vu',
    ];
    const rows = (await t.dataSource.query(
      `SELECT csv_cell(v) AS cell FROM unnest($1::text[]) WITH ORDINALITY AS x(v, n) ORDER BY n`,
      [values],
    )) as { cell: string }[];
    expect(rows.map((row) => row.cell)).toEqual(values.map(expected));

    // Times as the API writes them (UTC, milliseconds).
    const [call] = (await request(t.url).get('/calls?limit=1').set(auth).expect(200)).body
      .calls as { call_sid: string; call_start_time: string }[];
    const csv = await request(t.url).get('/analytics/calls.csv').set(auth).expect(200);
    const line = csv.text.split('\r\n').find((row) => row.startsWith(`${call!.call_sid},`))!;
    expect(line.split(',')[5]).toBe(call!.call_start_time);
  });

  it('stops reading the database when the client goes away mid-download', async () => {
    const pages = jest.spyOn(t.app.get(AnalyticsRepository), 'exportPage');
    const watched = watchExport();
    const { port } = new URL(t.url);
    await new Promise<void>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port, path: '/analytics/calls.csv', headers: auth },
        (response) => {
          expect(response.statusCode).toBe(200);
          response.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', () => undefined);
      setTimeout(() => reject(new Error('no data')), 10_000).unref();
    });
    const deadline = Date.now() + 5000;
    while (!watched.finished() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(watched.finished()).toBe(true);
    // It stopped long before the end.
    expect(pages.mock.calls.length).toBeLessThan(COPIES / 100 / 2);
    pages.mockRestore();
  });

  it('aborts the download, never ends it cleanly, when the database fails part-way', async () => {
    const repository = t.app.get(AnalyticsRepository);
    const original = repository.exportPage.bind(repository);
    // A real database failure between the first page and the second: the table goes away.
    jest.spyOn(repository, 'exportPage').mockImplementationOnce(async (...args) => {
      const rows = await original(...args);
      await t.dataSource.query('ALTER TABLE calls RENAME TO calls_away');
      return rows;
    });
    const { port } = new URL(t.url);
    const outcome = await new Promise<{ ended: boolean; bytes: number }>((resolve) => {
      let bytes = 0;
      const req = http.get(
        { host: '127.0.0.1', port, path: '/analytics/calls.csv', headers: auth },
        (response) => {
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('end', () => resolve({ ended: response.complete, bytes }));
          response.on('error', () => resolve({ ended: false, bytes }));
          response.on('aborted', () => resolve({ ended: false, bytes }));
        },
      );
      req.on('error', () => resolve({ ended: false, bytes }));
    });
    await t.dataSource.query('ALTER TABLE calls_away RENAME TO calls');
    expect(outcome.bytes).toBeGreaterThan(0);
    expect(outcome.ended).toBe(false);
    // The service is fine afterwards.
    const whole = await request(t.url).get('/analytics/calls.csv').set(auth).expect(200);
    expect(whole.text.split('\r\n').length).toBeGreaterThan(COPIES);
  });
});
