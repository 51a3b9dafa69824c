import type { BucketRow } from './analytics.repository.js';

/**
 * The middle of a bucket of `analytics_commitment_bucket` (migration FleetScale), in seconds:
 * 10-second buckets under an hour, minutes under a day, hours beyond. A median read from them
 * is within 5 s of the exact one under an hour (30 s under a day, 30 min beyond).
 */
export function bucketSeconds(bucket: number): number {
  if (bucket < 360) return bucket * 10 + 5;
  if (bucket < 1740) return 3600 + (bucket - 360) * 60 + 30;
  return 86_400 + (bucket - 1740) * 3600 + 1800;
}

/** The median in minutes (as percentile_cont(0.5): between the two middle items), or null. */
export function medianMinutes(rows: BucketRow[]): number | null {
  const buckets = new Map<number, number>();
  for (const row of rows) buckets.set(row.bucket, (buckets.get(row.bucket) ?? 0) + row.items);
  const sorted = [...buckets].filter(([, items]) => items > 0).sort(([a], [b]) => a - b);
  const total = sorted.reduce((sum, [, items]) => sum + items, 0);
  if (total === 0) return null;
  const valueAt = (position: number) => {
    let seen = 0;
    for (const [bucket, items] of sorted) {
      seen += items;
      if (position < seen) return bucketSeconds(bucket);
    }
    return bucketSeconds(sorted.at(-1)![0]);
  };
  const middle = (total - 1) / 2;
  return (valueAt(Math.floor(middle)) + valueAt(Math.ceil(middle))) / 2 / 60;
}
