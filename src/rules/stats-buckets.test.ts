import { describe, expect, it } from "vitest";
import { bucketCount, bucketRange, MAX_STATS_BUCKETS, type StatsBucketSize } from "./stats-buckets.ts";

const at = (iso: string) => new Date(iso);

describe("bucketRange", () => {
  const ok: [string, string, string, StatsBucketSize, string, string, number][] = [
    ["a day of hours, on the hour", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", "HOUR", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z", 24],
    ["edges rounded out to whole hours", "2026-12-01T00:30:00Z", "2026-12-01T02:00:00.001Z", "HOUR", "2026-12-01T00:00:00Z", "2026-12-01T03:00:00Z", 3],
    ["one millisecond, one bucket", "2026-12-01T10:15:00Z", "2026-12-01T10:15:00.001Z", "MINUTE", "2026-12-01T10:15:00Z", "2026-12-01T10:16:00Z", 1],
    ["days on UTC midnights", "2026-12-01T23:59:00Z", "2026-12-03T00:00:01Z", "DAY", "2026-12-01T00:00:00Z", "2026-12-04T00:00:00Z", 3],
    ["the most minutes", "2026-12-01T00:00:00Z", "2026-12-01T08:20:00Z", "MINUTE", "2026-12-01T00:00:00Z", "2026-12-01T08:20:00Z", MAX_STATS_BUCKETS],
    ["the longest range, in days", "2026-11-01T00:00:00Z", "2026-12-02T00:00:00Z", "DAY", "2026-11-01T00:00:00Z", "2026-12-02T00:00:00Z", 31],
  ];
  it.each(ok)("%s", (_, since, until, size, start, end, count) => {
    expect(bucketRange(at(since), at(until), size)).toEqual({
      ok: true,
      range: { start: at(start), end: at(end), stepMs: (at(end).getTime() - at(start).getTime()) / count, count },
    });
  });

  const refused: [string, string, string, StatsBucketSize, string][] = [
    ["until before since", "2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z", "HOUR", "until"],
    ["until equal to since", "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", "HOUR", "until"],
    ["one bucket too many", "2026-12-01T00:00:00Z", "2026-12-01T08:20:00.001Z", "MINUTE", "bucket"],
    ["a month of hours", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "HOUR", "bucket"],
    ["a millisecond over 31 days", "2026-11-01T00:00:00Z", "2026-12-02T00:00:00.001Z", "DAY", "since"],
  ];
  it.each(refused)("refuses %s", (_, since, until, size, argument) => {
    expect(bucketRange(at(since), at(until), size)).toMatchObject({ ok: false, argument });
  });
});

describe("bucketCount", () => {
  it("prices a call by its buckets, a refused one as one", () => {
    expect(bucketCount(at("2026-12-01T00:00:00Z"), at("2026-12-02T00:00:00Z"), "HOUR")).toBe(24);
    expect(bucketCount(at("2026-12-02T00:00:00Z"), at("2026-12-01T00:00:00Z"), "HOUR")).toBe(1);
  });
});
