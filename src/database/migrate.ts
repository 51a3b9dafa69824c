import type { DataSource } from 'typeorm';

/** Any number: identifies this service's migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_KEY = 7_150_420_001;

/**
 * Runs pending migrations. On a shared PostgreSQL server an advisory lock makes instances that
 * start together take turns, so each migration runs once. The embedded database belongs to one
 * process (and has one connection, which the lock would hold), so it needs none.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const embedded = 'driver' in dataSource.options && dataSource.options.driver !== undefined;
  if (embedded) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
