const CALL_SUMS =
  'sum(calls), sum(outbound), sum(answered), sum(inbound), sum(cost), sum(costed), sum(connected), sum(transfers), sum(transfers_succeeded)';

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
