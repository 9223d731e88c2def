import { describe, it, expect } from "vitest";
import {
  COMPS_RETRY_POLICY,
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  longestRetryDelayMs,
  nextRetryDelayMs,
  nominalRetryDelayMs,
  type PowerRetryPolicy,
  parseRetryAfter,
  plannedRetryDelaysMs,
  type RetryPolicy,
  retryCount,
  VENUE_RETRY_POLICY,
  validateRetryPolicy,
} from "./retry-policy.ts";

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

describe("power retry policy", () => {
  const venue = VENUE_RETRY_POLICY;

  it("gives the venue platform exactly 40 retries, round(n^1.5 × 1000) ms before retry n", () => {
    const expected = Array.from({ length: 40 }, (_, i) => Math.round((i + 1) ** 1.5 * 1000));
    expect(retryCount(venue)).toBe(40);
    expect(plannedRetryDelaysMs(venue)).toEqual(expected);
    for (let n = 1; n <= 40; n++) expect(nextRetryDelayMs({ ...venue, attemptsMadeInRun: n, random: fixed(0) })).toBe(expected[n - 1]);
    expect(nextRetryDelayMs({ ...venue, attemptsMadeInRun: 41, random: fixed(0) })).toBeNull();
  });

  const cases: Array<[string, { attemptsMadeInRun: number; random: number; retryAfterMs?: number }, number | null]> = [
    ["retry 1, no jitter", { attemptsMadeInRun: 1, random: 0 }, 1_000],
    ["retry 1, half the jitter", { attemptsMadeInRun: 1, random: 0.5 }, 1_500],
    ["retry 2 rounds 2828.4 ms", { attemptsMadeInRun: 2, random: 0 }, 2_828],
    ["retry 40, most jitter", { attemptsMadeInRun: 40, random: 0.9999 }, 253_982],
    ["used up after 41 attempts", { attemptsMadeInRun: 41, random: 0.5 }, null],
    ["Retry-After replaces the delay", { attemptsMadeInRun: 3, random: 0.5, retryAfterMs: 60_000 }, 60_000],
    ["Retry-After capped at the longest wait, jitter included", { attemptsMadeInRun: 3, random: 0.5, retryAfterMs: 3_600_000 }, 253_982],
  ];
  it.each(cases)("%s", (_label, { attemptsMadeInRun, random, retryAfterMs }, expected) => {
    expect(nextRetryDelayMs({ ...venue, attemptsMadeInRun, random: fixed(random), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })).toBe(expected);
  });

  it("adds between 0 and jitterSeconds with the default random source", () => {
    for (let i = 0; i < 200; i++) {
      const delay = nextRetryDelayMs({ ...venue, attemptsMadeInRun: 4 })!;
      expect(delay).toBeGreaterThanOrEqual(8_000);
      expect(delay).toBeLessThanOrEqual(9_000);
    }
  });

  it("power 0 is a constant delay; maxAttempts 1 never retries", () => {
    const constant: PowerRetryPolicy = { power: 0, baseSeconds: 30, maxAttempts: 4, jitterSeconds: 0 };
    expect(plannedRetryDelaysMs(constant)).toEqual([30_000, 30_000, 30_000]);
    expect(retryCount({ ...constant, maxAttempts: 1 })).toBe(0);
    expect(nextRetryDelayMs({ ...constant, maxAttempts: 1, attemptsMadeInRun: 1 })).toBeNull();
    expect(longestRetryDelayMs({ ...constant, maxAttempts: 1 })).toBe(0);
  });
});

describe("schedule retry policy", () => {
  it("is today's list: the comps platform makes 6 attempts over about 30 minutes", () => {
    expect(retryCount(COMPS_RETRY_POLICY)).toBe(5);
    const minutes = plannedRetryDelaysMs(COMPS_RETRY_POLICY).reduce((a, b) => a + b, 0) / 60_000;
    expect(minutes).toBeCloseTo(31, 0);
    expect(nominalRetryDelayMs(COMPS_RETRY_POLICY, 6)).toBeNull();
    expect(longestRetryDelayMs(COMPS_RETRY_POLICY)).toBe(960_000);
  });
});

describe("validateRetryPolicy", () => {
  const fine: Array<[string, RetryPolicy]> = [
    ["the default schedule", { schedule: DEFAULT_RETRY_SCHEDULE_SECONDS }],
    ["no retries", { schedule: [] }],
    ["50 steps", { schedule: Array(50).fill(3600) }],
    ["the venue policy", VENUE_RETRY_POLICY],
    ["the comps policy", COMPS_RETRY_POLICY],
    ["fractional base and power", { power: 2.5, baseSeconds: 0.5, maxAttempts: 10, jitterSeconds: 0 }],
  ];
  it.each(fine)("accepts %s", (_label, policy) => {
    expect(validateRetryPolicy(policy)).toEqual([]);
  });

  const bad: Array<[string, RetryPolicy, Array<[string, RegExp]>]> = [
    ["51 steps", { schedule: Array(51).fill(1) }, [["schedule", /at most 50/]]],
    ["a zero step", { schedule: [5, 0] }, [["schedule.1", /1 to 604800/]]],
    ["a fractional step", { schedule: [1.5] }, [["schedule.0", /whole number/]]],
    ["a step over 7 days", { schedule: [604_801] }, [["schedule.0", /1 to 604800/]]],
    ["over 30 days in all", { schedule: Array(5).fill(604_800) }, [["", /at most 2592000 \(30 days\)/]]],
    ["negative power", { ...VENUE_RETRY_POLICY, power: -1 }, [["power", /from 0 to 4/]]],
    ["NaN power", { ...VENUE_RETRY_POLICY, power: Number.NaN }, [["power", /from 0 to 4/]]],
    ["zero base", { ...VENUE_RETRY_POLICY, baseSeconds: 0 }, [["baseSeconds", /from 0.1 to 86400/]]],
    ["infinite jitter", { ...VENUE_RETRY_POLICY, jitterSeconds: Number.POSITIVE_INFINITY }, [["jitterSeconds", /from 0 to 3600/]]],
    ["no attempt at all", { ...VENUE_RETRY_POLICY, maxAttempts: 0 }, [["maxAttempts", /1 to 51/]]],
    ["52 attempts", { ...VENUE_RETRY_POLICY, maxAttempts: 52 }, [["maxAttempts", /1 to 51/]]],
    ["fractional attempts", { ...VENUE_RETRY_POLICY, maxAttempts: 2.5 }, [["maxAttempts", /whole number/]]],
    ["a last wait over 7 days", { power: 4, baseSeconds: 1, maxAttempts: 51, jitterSeconds: 0 }, [["", /before its last retry/]]],
    ["over 30 days in all", { power: 0, baseSeconds: 86_400, maxAttempts: 32, jitterSeconds: 0 }, [["", /30 days/]]],
  ];
  it.each(bad)("refuses %s", (_label, policy, expected) => {
    const issues = validateRetryPolicy(policy);
    expect(issues.map((i) => i.path)).toEqual(expected.map(([path]) => path));
    issues.forEach((issue, i) => expect(issue.message).toMatch(expected[i]![1]));
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
