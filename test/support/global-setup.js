// Plain JavaScript: Jest loads global setup outside its module mapper, so it cannot import the
// TypeScript sources. It only picks the database; the first test file migrates the template.
import pg from 'pg';

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'dispatch_voice_test_';

export async function dropTestDatabases() {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${PREFIX}%`,
    ]);
    for (const { datname } of rows) {
      if (!datname.includes('test')) throw new Error(`Refusing to drop ${datname}`);
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

export default async function globalSetup() {
  if (process.env.TEST_DATABASE === 'pglite') {
    console.log('\nTests run on PGlite (TEST_DATABASE=pglite).');
    return;
  }
  try {
    await dropTestDatabases();
    process.env.TEST_DATABASE = 'postgres';
    console.log(`\nTests run on PostgreSQL at ${new URL(SERVER_URL).host}.`);
  } catch (error) {
    process.env.TEST_DATABASE = 'pglite';
    console.log(`\nTests run on PGlite (no PostgreSQL server answered: ${error.message}).`);
  }
}
