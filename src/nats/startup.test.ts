import { describe, expect, it } from "vitest";
import { createLogger } from "../log.ts";
import { startupDelay, untilJetStreamAnswers } from "./startup.ts";

const wait = { deadlineMs: 1_000, firstDelayMs: 10, maxDelayMs: 40 };

describe("startupDelay", () => {
  it.each([
    [1, 10],
    [2, 20],
    [3, 40],
    [4, 40],
    [50, 40],
  ])("before retry %i waits %i ms", (attempt, ms) => {
    expect(startupDelay(attempt, wait)).toBe(ms);
  });
});

describe("untilJetStreamAnswers", () => {
  const log = createLogger("silent");

  it("retries until the step succeeds", async () => {
    let calls = 0;
    const result = await untilJetStreamAnswers(
      "provision",
      async () => {
        if (++calls < 3) throw new Error("timeout");
        return "ok";
      },
      log,
      wait,
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
  });

  it("throws the last error once the deadline is past", async () => {
    let calls = 0;
    await expect(
      untilJetStreamAnswers(
        "provision",
        async () => {
          calls++;
          throw new Error(`no leader ${calls}`);
        },
        log,
        { deadlineMs: 50, firstDelayMs: 10, maxDelayMs: 20 },
      ),
    ).rejects.toThrow(/no leader/);
    expect(calls).toBeGreaterThan(1);
  });
});
