const CALL_COLUMNS = [
  'calls',
  'outbound',
  'answered',
  'inbound',
  'cost',
  'costed',
  'connected',
  'transfers',
  'transfers_succeeded',
];
const sums = (columns: string[], alias = '') =>
  columns.map((column) => `sum(${alias}${column})`).join(', ');
const CALL_SUMS = sums(CALL_COLUMNS);

/** Folds a rollup table's deltas: every day with more than one row for a key becomes one row. */
function fold(table: string, keys: string, sums: string): string {
  return `
    WITH gone AS (
      DELETE FROM ${table}
       WHERE day IN (SELECT day FROM ${table} GROUP BY day, ${keys} HAVING count(*) > 1)
      RETURNING *)
    INSERT INTO ${table} SELECT day, ${keys}, ${sums} FROM gone GROUP BY day, ${keys}`;
}

/**
 * The summary's daily rollups (see migration FleetScale): triggers append signed deltas, these
 * statements fold them. Rows a writer adds while a fold runs are not in its snapshot and stay
 * for the next fold; two folds at once cannot count a row twice (the second finds it deleted).
 */
export const ROLLUP_FOLDS = [
  fold('analytics_call_days', 'status', CALL_SUMS),
  fold('analytics_item_days', 'outcome, type', 'sum(items)'),
  fold('analytics_commitment_days', 'bucket', 'sum(items)'),
];

/**
 * The rollups' rows for the calls `callsWhere` selects (alias `c`) and their items, summed per
 * day and key: what the triggers would have appended, for rows written without them (a
 * migration's existing data, a bulk seed).
 */
export function rollupBackfill(callsWhere: string): string[] {
  return [
    `INSERT INTO analytics_call_days
     SELECT r.day, r.status, ${sums(CALL_COLUMNS, 'r.')}
       FROM calls c CROSS JOIN LATERAL analytics_call_row(c, 1) r
      WHERE ${callsWhere} GROUP BY r.day, r.status`,
    `INSERT INTO analytics_item_days
     SELECT r.day, r.outcome, r.type, sum(r.items)
       FROM calls c JOIN call_items i ON i.call_id = c.id
      CROSS JOIN LATERAL analytics_item_row(i, c.call_start_time, 1) r
      WHERE ${callsWhere} GROUP BY r.day, r.outcome, r.type`,
    `INSERT INTO analytics_commitment_days
     SELECT r.day, r.bucket, sum(r.items)
       FROM calls c JOIN call_items i ON i.call_id = c.id
      CROSS JOIN LATERAL analytics_commitment_rows(i, c.call_start_time, 1) r
      WHERE ${callsWhere} GROUP BY r.day, r.bucket`,
  ];
}
