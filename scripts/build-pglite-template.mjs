// Part of `npm run build`: a migrated, empty PGlite database in dist/pglite-template/, whose files
// a fresh embedded database is copied from instead of running initdb (~4 s → ~0.3 s). The job
// queue's schema is in it too: creating it in WebAssembly cost a first start about 1 s.
import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../dist/src/database/data-source-options.js';
import { runMigrations } from '../dist/src/database/migrate.js';
import { PGLITE_TEMPLATE } from '../dist/src/database/pglite/embedded-database.js';
import { jobDatabaseFor } from '../dist/src/jobs/job-database.js';

rmSync(PGLITE_TEMPLATE, { recursive: true, force: true });
const dataSource = await new DataSource(
  buildDataSourceOptions({ kind: 'pglite', dataDir: PGLITE_TEMPLATE, runMigrations: true }),
).initialize();
await runMigrations(dataSource);
const boss = new PgBoss({
  ...jobDatabaseFor(dataSource),
  schema: 'pgboss',
  supervise: false,
  schedule: false,
});
await boss.start();
await boss.stop({ graceful: false, close: false });
// The service uses only the `postgres` database; the two templates were half of the ~1,100
// files a first start copies (CREATE DATABASE, which would need them, is never run here).
await dataSource.query(
  "UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')",
);
await dataSource.query('DROP DATABASE template0');
await dataSource.query('DROP DATABASE template1');
// Closes the database cleanly: the copy starts without recovery.
await dataSource.destroy();
console.log(`Wrote ${PGLITE_TEMPLATE}`);
