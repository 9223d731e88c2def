import { describe, expect, it } from "vitest";
import { ALERT_AFTER_FAILED_BATCHES, ALERT_INTERVAL_MS, FailureStreak, retryDelayMs } from "./retry.ts";

describe("retryDelayMs", () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [5, 16_000],
    [6, 30_000],
    [50, 30_000],
    [10_000, 30_000],
    [0, 1_000],
    [-3, 1_000],
    [Number.NaN, 1_000],
    [Number.POSITIVE_INFINITY, 1_000],
  ])("delivery %d waits %d ms", (count, delay) => {
    expect(retryDelayMs(count)).toBe(delay);
  });
});

describe("FailureStreak", () => {
  it("logs the start once, alerts after the threshold, then at most once per interval", () => {
    let now = 0;
    const streak = new FailureStreak(() => now);
    const steps = Array.from({ length: ALERT_AFTER_FAILED_BATCHES + 2 }, () => {
      now += 1_000;
      return streak.failed();
    });
    expect(steps.map((s) => s.started)).toEqual([true, false, false, false, false]);
    expect(steps.map((s) => s.alert)).toEqual([false, false, true, false, false]);
    const alertedAt = ALERT_AFTER_FAILED_BATCHES * 1_000;
    now = alertedAt + ALERT_INTERVAL_MS - 1;
    expect(streak.failed().alert).toBe(false);
    now += 1;
    expect(streak.failed().alert).toBe(true);
    expect(streak.failures).toBe(ALERT_AFTER_FAILED_BATCHES + 4);
  });

  it("ends with a stored batch, which reports the streak's length and starts the count anew", () => {
    let now = 0;
    const streak = new FailureStreak(() => now);
    expect(streak.succeeded()).toBe(0);
    for (let i = 0; i < ALERT_AFTER_FAILED_BATCHES; i++) streak.failed();
    expect(streak.succeeded()).toBe(ALERT_AFTER_FAILED_BATCHES);
    now += 1_000;
    const again = Array.from({ length: ALERT_AFTER_FAILED_BATCHES }, () => streak.failed());
    expect(again[0]).toEqual({ started: true, alert: false });
    expect(again.at(-1)!.alert).toBe(true);
    expect(streak.startedAt).toBe(1_000);
  });
});
