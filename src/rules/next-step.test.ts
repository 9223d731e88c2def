import { describe, expect, it } from "vitest";
import { decideNextStep } from "./next-step.ts";

const schedule = { schedule: [5, 300] };

describe("decideNextStep", () => {
  it.each([
    [{ ok: true, status: 200 }, 1, "SUCCEEDED"],
    [{ ok: false, status: 400 }, 1, "FAILED"],
    [{ ok: false, status: 410 }, 1, "FAILED"],
    [{ ok: false, status: 500 }, 1, "PENDING"],
    [{ ok: false, status: 408 }, 2, "PENDING"],
    [{ ok: false, status: 503 }, 3, "FAILED"],
    [{ ok: false, error: "TIMEOUT" as const }, 1, "PENDING"],
    [{ ok: false, error: "BLOCKED_ADDRESS" as const }, 1, "FAILED"],
    [{ ok: false, status: 302 }, 1, "PENDING"],
  ])("%o after %i attempts → %s", (result, runAttempts, status) => {
    expect(decideNextStep(result, schedule, runAttempts).status).toBe(status);
  });

  it("waits the schedule's step, with jitter", () => {
    const d = decideNextStep({ ok: false, status: 500 }, schedule, 2);
    expect(d.retryInMs).toBeGreaterThanOrEqual(240_000);
    expect(d.retryInMs).toBeLessThanOrEqual(360_000);
  });

  it("honours Retry-After on 429 and 503 only, capped at the largest step", () => {
    expect(decideNextStep({ ok: false, status: 429, retryAfterMs: 2_000 }, schedule, 1).retryInMs).toBe(2_000);
    expect(decideNextStep({ ok: false, status: 503, retryAfterMs: 10_000_000 }, schedule, 1).retryInMs).toBe(300_000);
    const d = decideNextStep({ ok: false, status: 500, retryAfterMs: 2_000 }, schedule, 1).retryInMs!;
    expect(d).toBeGreaterThanOrEqual(4_000);
  });

  it("follows a power curve: retry n waits round(n^1.5 × 1000) ms plus up to its jitter, 40 retries", () => {
    const venue = { power: 1.5, baseSeconds: 1, maxAttempts: 41, jitterSeconds: 1 };
    for (const n of [1, 2, 17, 40]) {
      const d = decideNextStep({ ok: false, status: 500 }, venue, n);
      expect(d.status).toBe("PENDING");
      expect(d.retryInMs).toBeGreaterThanOrEqual(Math.round(n ** 1.5 * 1000));
      expect(d.retryInMs).toBeLessThanOrEqual(Math.round(n ** 1.5 * 1000) + 1000);
    }
    expect(decideNextStep({ ok: false, status: 500 }, venue, 41)).toMatchObject({ status: "FAILED", retryInMs: null });
  });

  it.each([
    [{ ok: false, status: 410 }, 1, "receiver answered 410 Gone"],
    [{ ok: false, status: 410 }, 3, "receiver answered 410 Gone"],
    [{ ok: false, status: 404 }, 1, undefined],
    [{ ok: false, status: 500 }, 3, undefined],
    [{ ok: false, error: "TIMEOUT" as const }, 1, undefined],
    [{ ok: true, status: 200 }, 1, undefined],
  ])("%o after %i attempts disables the endpoint: %s", (result, runAttempts, disable) => {
    const d = decideNextStep(result, schedule, runAttempts);
    expect(d.disableEndpoint).toBe(disable);
    if (disable) expect(d).toMatchObject({ status: "FAILED", retryInMs: null, reason: disable });
  });

  it("says why it gave up", () => {
    expect(decideNextStep({ ok: false, status: 500 }, schedule, 3).reason).toMatch(/gave up after 3 attempts/);
    expect(decideNextStep({ ok: false, status: 404 }, schedule, 1).reason).toMatch(/404/);
  });
});
