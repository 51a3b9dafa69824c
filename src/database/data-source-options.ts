import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { AppConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { pgliteDriverFor } from './pglite/exclusive-pglite-pool.js';

/**
 * The one place that builds TypeORM's options, for the Nest module and the migration CLI alike:
 * PostgreSQL when a URL is given, the embedded PGlite database otherwise. Same entities, same
 * migrations.
 */
export function buildDataSourceOptions(database: AppConfig['database']): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    // Failed queries surface through the exception filter's log, with their context.
    logging: false,
  };
  if (database.kind === 'postgres') {
    return {
      ...common,
      url: database.url,
      extra: {
        max: 20,
        connectionTimeoutMillis: 5000,
        idleTimeoutMillis: 30000,
        statement_timeout: 30000,
        // JIT compiles a plan whose estimated cost is high; for these short queries that took
        // up to 0.8 s of compiling per statement on a year of data (issue 29).
        options: '-c jit=off',
      },
    };
  }
  // The database's thread creates the directory (see pglite-worker.mjs).
  return { ...common, driver: pgliteDriverFor(database.dataDir) };
}
