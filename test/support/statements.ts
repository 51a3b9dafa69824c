import type { DataSource } from 'typeorm';

/** Every statement the service sends while `act` runs (TypeORM tells its logger each one). */
export async function statementsOf(
  dataSource: DataSource,
  act: () => Promise<unknown>,
): Promise<{ sql: string; params: unknown[] }[]> {
  const logger = dataSource.logger;
  const seen: { sql: string; params: unknown[] }[] = [];
  const spy = Object.assign(Object.create(logger) as typeof logger, {
    logQuery: (sql: string, params?: unknown[]) => seen.push({ sql, params: params ?? [] }),
  });
  (dataSource as { logger: typeof logger }).logger = spy;
  try {
    await act();
  } finally {
    (dataSource as { logger: typeof logger }).logger = logger;
  }
  return seen.filter(({ sql }) => /^\s*(SELECT|WITH)\b/i.test(sql));
}
