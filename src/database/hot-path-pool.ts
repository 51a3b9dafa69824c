import type { DataSource } from 'typeorm';

interface Queryable {
  query(
    config: { name?: string; text: string; values: unknown[] } | string,
    params?: unknown[],
  ): Promise<{ rows: unknown[] }>;
}

/**
 * The connection pool under TypeORM (pg's Pool, or the PGlite pool), for the few statements run
 * on every webhook: one autocommit statement gains nothing from a query runner, whose bookkeeping
 * cost more than the statement in the benchmark. Everything else goes through TypeORM.
 */
export async function hotPathQuery<T>(
  dataSource: DataSource,
  name: string,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Queryable }).master;
  // On PostgreSQL a named statement is parsed and planned once per connection.
  const embedded = 'driver' in dataSource.options && dataSource.options.driver !== undefined;
  const result = embedded
    ? await pool.query(sql, params)
    : await pool.query({ name, text: sql, values: params });
  return result.rows as T[];
}
