import { closeEmbeddedDatabase, openEmbeddedDatabase } from './embedded-database.js';

describe('EmbeddedDatabase (PGlite on its own thread)', () => {
  const dataDir = `memory://embedded-database-spec-${process.pid}`;
  afterAll(() => closeEmbeddedDatabase(dataDir));

  it('answers queries with rows and parameters, and exec with one result per statement', async () => {
    const database = openEmbeddedDatabase(dataDir);
    expect(openEmbeddedDatabase(dataDir)).toBe(database);
    const results = await database.exec(
      'CREATE TABLE spec_drivers (id text PRIMARY KEY, seen timestamptz); SELECT 2 AS two',
    );
    expect(results).toHaveLength(2);
    expect(results[1]!.rows).toEqual([{ two: 2 }]);
    const at = new Date('2026-12-01T08:00:00.000Z');
    await database.query('INSERT INTO spec_drivers VALUES ($1, $2)', ['DRV_1', at]);
    const { rows } = await database.query<{ id: string; seen: Date }>(
      'SELECT id, seen FROM spec_drivers',
    );
    expect(rows).toEqual([{ id: 'DRV_1', seen: at }]);
  });

  it("passes PostgreSQL's error fields back across the thread", async () => {
    const database = openEmbeddedDatabase(dataDir);
    const error = await database
      .query('INSERT INTO spec_drivers VALUES ($1, now())', ['DRV_1'])
      .then(
        () => null,
        (refused: unknown) => refused,
      );
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: '23505',
      constraint: 'spec_drivers_pkey',
      message: expect.stringContaining('duplicate key'),
    });
  });

  it('refuses queries once closed, and opens anew afterwards', async () => {
    const database = openEmbeddedDatabase(dataDir);
    await closeEmbeddedDatabase(dataDir);
    await expect(database.query('SELECT 1')).rejects.toThrow(/exited|closed/);
    const reopened = openEmbeddedDatabase(dataDir);
    expect(reopened).not.toBe(database);
    await expect(reopened.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });
});
