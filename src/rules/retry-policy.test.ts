import { describe, it, expect } from "vitest";
import { DEFAULT_RETRY_SCHEDULE_SECONDS, nextRetryDelayMs, parseRetryAfter } from "./retry-policy.ts";

const fixed = (value: number) => () => value;

describe("DEFAULT_RETRY_SCHEDULE_SECONDS", () => {
  it("is the SPEC §6 schedule: 7 retries after the first attempt, about 27.5 hours", () => {
    expect(DEFAULT_RETRY_SCHEDULE_SECONDS).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    const totalHours = DEFAULT_RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0) / 3600;
    expect(totalHours).toBeCloseTo(27.5, 0);
    expect(Object.isFrozen(DEFAULT_RETRY_SCHEDULE_SECONDS)).toBe(true);
  });
});

describe("nextRetryDelayMs", () => {
  const schedule = DEFAULT_RETRY_SCHEDULE_SECONDS;

  const cases: Array<[string, { attemptsMadeInRun: number; random: number; retryAfterMs?: number }, number | null]> = [
    ["first retry, no jitter", { attemptsMadeInRun: 1, random: 0.5 }, 5_000],
    ["first retry, lowest jitter", { attemptsMadeInRun: 1, random: 0 }, 4_000],
    ["first retry, near highest jitter", { attemptsMadeInRun: 1, random: 0.999999 }, 6_000],
    ["second retry", { attemptsMadeInRun: 2, random: 0.5 }, 300_000],
    ["third retry, -10%", { attemptsMadeInRun: 3, random: 0.25 }, 1_620_000],
    ["last retry, +10%", { attemptsMadeInRun: 7, random: 0.75 }, 39_600_000],
    ["schedule exhausted", { attemptsMadeInRun: 8, random: 0.5 }, null],
    ["far past the schedule", { attemptsMadeInRun: 50, random: 0.5 }, null],
    ["Retry-After replaces the jittered delay", { attemptsMadeInRun: 1, random: 0, retryAfterMs: 120_000 }, 120_000],
    ["Retry-After of zero", { attemptsMadeInRun: 2, random: 0.5, retryAfterMs: 0 }, 0],
    ["Retry-After capped at the largest step", { attemptsMadeInRun: 1, random: 0.5, retryAfterMs: 86_400_000 }, 36_000_000],
    ["negative Retry-After floored at zero", { attemptsMadeInRun: 1, random: 0.5, retryAfterMs: -5_000 }, 0],
    ["Retry-After does not extend an exhausted schedule", { attemptsMadeInRun: 8, random: 0.5, retryAfterMs: 1_000 }, null],
  ];
  it.each(cases)("%s", (_label, { attemptsMadeInRun, random, retryAfterMs }, expected) => {
    expect(
      nextRetryDelayMs({
        schedule,
        attemptsMadeInRun,
        random: fixed(random),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      }),
    ).toBe(expected);
  });

  it("follows a custom schedule and caps Retry-After at its largest step", () => {
    const custom = [1, 60, 10];
    expect(nextRetryDelayMs({ schedule: custom, attemptsMadeInRun: 3, random: fixed(0.5) })).toBe(10_000);
    expect(nextRetryDelayMs({ schedule: custom, attemptsMadeInRun: 4, random: fixed(0.5) })).toBeNull();
    expect(nextRetryDelayMs({ schedule: custom, attemptsMadeInRun: 1, retryAfterMs: 3_600_000 })).toBe(60_000);
  });

  it("gives up at once with an empty schedule", () => {
    expect(nextRetryDelayMs({ schedule: [], attemptsMadeInRun: 1 })).toBeNull();
  });

  it("keeps jitter within ±20% with the default random source", () => {
    for (let i = 0; i < 200; i++) {
      const delay = nextRetryDelayMs({ schedule, attemptsMadeInRun: 2 });
      expect(delay).toBeGreaterThanOrEqual(240_000);
      expect(delay).toBeLessThanOrEqual(360_000);
    }
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses attemptsMadeInRun = %s", (attemptsMadeInRun) => {
    expect(() => nextRetryDelayMs({ schedule, attemptsMadeInRun })).toThrow(RangeError);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(1994, 10, 6, 8, 49, 0);

  const cases: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined],
    ["", undefined],
    ["0", 0],
    ["120", 120_000],
    ["  30 ", 30_000],
    ["Sun, 06 Nov 1994 08:49:37 GMT", 37_000],
    ["Sunday, 06-Nov-94 08:49:37 GMT", 37_000],
    ["Sun Nov  6 08:49:37 1994", 37_000],
    ["Sun, 06 Nov 1994 08:48:00 GMT", 0],
    ["-5", undefined],
    ["1.5", undefined],
    ["10s", undefined],
    ["2024-12-01T09:20:00Z", undefined],
    ["soon", undefined],
  ];
  it.each(cases)("parses %j", (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
