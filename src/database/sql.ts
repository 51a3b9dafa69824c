import type { EntityManager } from 'typeorm';

/**
 * Runs raw SQL and returns its rows, the same way on PostgreSQL and PGlite (the plain
 * `manager.query` returns `[rows, count]` for UPDATE/DELETE on pg only).
 */
export async function queryRows<T>(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return (result.records ?? []) as T[];
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError =
    (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? error;
  const { code, constraint: name } = driverError as { code?: string; constraint?: string };
  return code === UNIQUE_VIOLATION && (constraint === undefined || name === constraint);
}

/** Text matched literally inside a LIKE pattern (with `ESCAPE '\\'`). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
