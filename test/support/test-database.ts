import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations } from '../../src/database/migrate.js';

/** The server the tests use when it answers; PGlite otherwise. */
export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DATABASE = 'dispatch_voice_test_template';
export const TEST_DATABASE_PREFIX = 'dispatch_voice_test_';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Refuses to touch a database whose name does not say it is a test database. */
export function assertTestDatabase(name: string): void {
  if (!name.includes('test'))
    throw new Error(`Refusing to use database "${name}": its name lacks "test"`);
}

export async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: TEST_SERVER_URL,
    connectionTimeoutMillis: 2000,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function serverReachable(): Promise<boolean> {
  if (process.env.TEST_DATABASE === 'pglite') return false;
  try {
    await withServer((client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** Any number: serialises creating the template across test workers. */
const TEMPLATE_LOCK = 7_150_420_099;

/** The migrated template every test database is cloned from; the first test file to need it builds it. */
async function ensureTemplate(): Promise<void> {
  await withServer(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        TEMPLATE_DATABASE,
      ]);
      if (rowCount) return;
      await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}_building"`);
      const dataSource = await new DataSource(
        buildDataSourceOptions({
          kind: 'postgres',
          url: databaseUrl(`${TEMPLATE_DATABASE}_building`),
          runMigrations: true,
        }),
      ).initialize();
      await runMigrations(dataSource);
      await dataSource.destroy();
      await client.query(
        `ALTER DATABASE "${TEMPLATE_DATABASE}_building" RENAME TO "${TEMPLATE_DATABASE}"`,
      );
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<string> {
  await ensureTemplate();
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  assertTestDatabase(name);
  await withServer((client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`),
  );
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  assertTestDatabase(name);
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
