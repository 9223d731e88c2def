import { describe, expect, it } from "vitest";
import { chartRows, sparklinePoints, statsSummary, statsWindow } from "./stats-series.ts";

const NOW = new Date("2026-12-06T12:30:00Z");
const bucket = (start: string, succeeded: number, failed: number, p99: number | null = null) => ({
  start,
  succeeded,
  failed,
  attempts: succeeded + failed,
  latencyP50Ms: p99 == null ? null : p99 / 2,
  latencyP99Ms: p99,
});

describe("statsWindow", () => {
  it.each([
    ["24h", "HOUR", "2026-12-05T12:30:00.000Z"],
    ["7d", "DAY", "2026-11-29T12:30:00.000Z"],
  ] as const)("%s → %s since %s", (range, bucketSize, since) => {
    expect(statsWindow(range, NOW)).toEqual({ bucket: bucketSize, since });
  });
});

describe("statsSummary", () => {
  it.each([
    [[], "24h", "24 h: 0 succeeded, 0 failed"],
    [[bucket("2026-12-06T10:00:00Z", 1000, 3, 80), bucket("2026-12-06T11:00:00Z", 234, 2, 119.6)], "24h", "24 h: 1,234 succeeded, 5 failed, p99 up to 120 ms"],
    [[bucket("2026-12-06T00:00:00Z", 4, 0, null)], "7d", "7 days: 4 succeeded, 0 failed"],
  ] as const)("%j (%s) → %s", (buckets, range, text) => {
    expect(statsSummary(buckets, range)).toBe(text);
  });
});

describe("chart rows and sparkline", () => {
  it("keeps counts and latencies per bucket, nulls for empty buckets", () => {
    const buckets = [bucket("2026-12-06T10:00:00Z", 3, 1, 40), bucket("2026-12-06T11:00:00Z", 0, 0)];
    expect(chartRows(buckets, "24h").map(({ label: _, ...rest }) => rest)).toEqual([
      { succeeded: 3, failed: 1, p50: 20, p99: 40 },
      { succeeded: 0, failed: 0, p50: null, p99: null },
    ]);
    expect(sparklinePoints(buckets)).toEqual([4, 0]);
  });
});
