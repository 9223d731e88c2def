// The statsSeries windows the console charts, and what it draws and says from their buckets.

export type StatsRange = "24h" | "7d";

const HOUR_MS = 3_600_000;
const WINDOWS: Record<StatsRange, { bucket: "HOUR" | "DAY"; ms: number; label: string }> = {
  "24h": { bucket: "HOUR", ms: 24 * HOUR_MS, label: "24 h" },
  "7d": { bucket: "DAY", ms: 7 * 24 * HOUR_MS, label: "7 days" },
};

export interface StatsBucketLike {
  start: string;
  succeeded: number;
  failed: number;
  attempts: number;
  latencyP50Ms?: number | null;
  latencyP99Ms?: number | null;
}

/** The statsSeries arguments of a range ending at `now`: the last 24 h by hour, or the last 7 days by day. */
export function statsWindow(range: StatsRange, now: Date): { bucket: "HOUR" | "DAY"; since: string } {
  const w = WINDOWS[range];
  return { bucket: w.bucket, since: new Date(now.getTime() - w.ms).toISOString() };
}

/** A bucket's start as an axis label: the hour for hourly buckets, the day for daily ones (local time). */
export function bucketLabel(start: string, range: StatsRange): string {
  const date = new Date(start);
  if (range === "24h") return `${String(date.getHours()).padStart(2, "0")}:00`;
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric" });
}

export interface ChartRow {
  label: string;
  succeeded: number;
  failed: number;
  p50: number | null;
  p99: number | null;
}

export function chartRows(buckets: readonly StatsBucketLike[], range: StatsRange): ChartRow[] {
  return buckets.map((b) => ({
    label: bucketLabel(b.start, range),
    succeeded: b.succeeded,
    failed: b.failed,
    p50: b.latencyP50Ms ?? null,
    p99: b.latencyP99Ms ?? null,
  }));
}

/**
 * The charts' text summary, e.g. "24 h: 1,234 succeeded, 5 failed, p99 up to 120 ms". Percentiles
 * of buckets do not add up, so the summary names the worst bucket's p99.
 */
export function statsSummary(buckets: readonly StatsBucketLike[], range: StatsRange): string {
  const succeeded = buckets.reduce((n, b) => n + b.succeeded, 0);
  const failed = buckets.reduce((n, b) => n + b.failed, 0);
  const p99s = buckets.map((b) => b.latencyP99Ms).filter((v): v is number => v != null);
  const count = (n: number) => n.toLocaleString("en-US");
  const latency = p99s.length > 0 ? `, p99 up to ${count(Math.round(Math.max(...p99s)))} ms` : "";
  return `${WINDOWS[range].label}: ${count(succeeded)} succeeded, ${count(failed)} failed${latency}`;
}

/** The sparkline's points: attempts per bucket. */
export function sparklinePoints(buckets: readonly StatsBucketLike[]): number[] {
  return buckets.map((b) => b.attempts);
}
