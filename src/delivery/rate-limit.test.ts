import { describe, expect, it } from "vitest";
import { localRateLimiter } from "./rate-limit.ts";

describe("localRateLimiter", () => {
  it("allows a second's burst, then asks to wait for the next token", async () => {
    let now = 1_000_000;
    const limiter = localRateLimiter(() => now);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await limiter.take("ep_a", 5));
    expect(answers).toEqual([0, 0, 0, 0, 0, 200]);
    now += 200;
    expect(await limiter.take("ep_a", 5)).toBe(0);
    expect(await limiter.take("ep_a", 5)).toBe(200);
  });

  it("keeps one bucket per endpoint", async () => {
    const limiter = localRateLimiter(() => 0);
    expect(await limiter.take("ep_a", 1)).toBe(0);
    expect(await limiter.take("ep_a", 1)).toBeGreaterThan(0);
    expect(await limiter.take("ep_b", 1)).toBe(0);
  });
});
