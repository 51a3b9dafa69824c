import { type Db, fromPglite } from 'pg-boss';
import type { DataSource } from 'typeorm';
import type { ExclusivePGlitePool } from '../database/pglite/exclusive-pglite-pool.js';

interface PgPool {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * pg-boss speaks to the database through the pool under TypeORM: pg's Pool on PostgreSQL, the
 * exclusive PGlite pool on the embedded database (where pg-boss's own PGlite adapter runs with
 * the single connection to itself, so its statements never land inside a TypeORM transaction).
 */
export function jobDatabaseFor(dataSource: DataSource): { db: Db; backend: 'postgres' | 'pglite' } {
  const pool = (dataSource.driver as unknown as { master: unknown }).master;
  const embedded = 'driver' in dataSource.options && dataSource.options.driver !== undefined;
  if (!embedded) {
    const pg = pool as PgPool;
    return {
      backend: 'postgres',
      db: { executeSql: (text, values) => pg.query(text, values) as Promise<{ rows: unknown[] }> },
    };
  }
  const pglite = pool as ExclusivePGlitePool;
  let adapter: Db | undefined;
  return {
    backend: 'pglite',
    db: {
      executeSql: (text, values) =>
        pglite.exclusively((database) => {
          // Our database thread answers the two methods the adapter calls (query, exec).
          adapter ??= fromPglite(database as unknown as Parameters<typeof fromPglite>[0]);
          return adapter.executeSql(text, values);
        }),
    },
  };
}
