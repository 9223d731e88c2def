/** The width of a statsSeries bucket. */
export type StatsBucketSize = "MINUTE" | "HOUR" | "DAY";

export const BUCKET_MS: Readonly<Record<StatsBucketSize, number>> = { MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };
export const MAX_STATS_BUCKETS = 500;
export const MAX_STATS_RANGE_DAYS = 31;
const MAX_RANGE_MS = MAX_STATS_RANGE_DAYS * BUCKET_MS.DAY;

/** The buckets of a series: `count` buckets of `stepMs` from `start` (inclusive) to `end` (exclusive). */
export interface BucketRange {
  start: Date;
  end: Date;
  stepMs: number;
  count: number;
}

export type BucketRangeVerdict = { ok: true; range: BucketRange } | { ok: false; argument: "since" | "until" | "bucket"; message: string };

/**
 * The buckets that cover [since, until): bucket edges fall on whole minutes, hours or UTC days,
 * so `since` is rounded down to one and `until` up, and two charts of the same size line up.
 * Bounded per call (at most MAX_STATS_BUCKETS buckets, MAX_STATS_RANGE_DAYS days) so one
 * query reads a bounded part of the attempt log; the verdict names the argument to change.
 */
export function bucketRange(since: Date, until: Date, size: StatsBucketSize): BucketRangeVerdict {
  const from = since.getTime();
  const to = until.getTime();
  if (!(to > from)) return { ok: false, argument: "until", message: "must be after since" };
  if (to - from > MAX_RANGE_MS) return { ok: false, argument: "since", message: `the range from since to until is at most ${MAX_STATS_RANGE_DAYS} days` };
  const stepMs = BUCKET_MS[size];
  const start = Math.floor(from / stepMs) * stepMs;
  const end = Math.ceil(to / stepMs) * stepMs;
  const count = (end - start) / stepMs;
  if (count > MAX_STATS_BUCKETS) {
    return {
      ok: false,
      argument: "bucket",
      message: `gives ${count} buckets over this range, more than ${MAX_STATS_BUCKETS}: choose a larger bucket or a shorter range`,
    };
  }
  return { ok: true, range: { start: new Date(start), end: new Date(end), stepMs, count } };
}

/** How many buckets a call asks for, for pricing it before it runs; 1 when its arguments are refused anyway. */
export function bucketCount(since: Date, until: Date, size: StatsBucketSize): number {
  const verdict = bucketRange(since, until, size);
  return verdict.ok ? verdict.range.count : 1;
}
