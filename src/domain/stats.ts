import type { Database } from "../db/client.ts";
import { bucketRange, type StatsBucketSize } from "../rules/stats-buckets.ts";
import { type AttemptStatsBucket, type AttemptStatsScope, attemptStatsSeries } from "../store/deliveries.ts";
import { InputError } from "./errors.ts";

export interface StatsSeriesArgs {
  since: Date;
  /** Absent: now. */
  until?: Date | null;
  bucket: StatsBucketSize;
}

/**
 * Attempts per time bucket (succeeded, failed, latency percentiles) of an endpoint or of a whole
 * organization, for charts; the caller has checked that the scope is the caller's.
 */
export async function statsSeries(
  deps: { db: Pick<Database, "pool"> },
  scope: AttemptStatsScope,
  args: StatsSeriesArgs,
  now: Date = new Date(),
): Promise<AttemptStatsBucket[]> {
  const verdict = bucketRange(args.since, args.until ?? now, args.bucket);
  if (!verdict.ok) throw new InputError([{ path: [verdict.argument], message: verdict.message }]);
  return attemptStatsSeries(deps.db.pool, scope, verdict.range);
}
