import { describe, expect, it } from "vitest";
import { EndpointGate } from "./endpoint-gate.ts";

describe("EndpointGate", () => {
  it("admits up to the cap per endpoint, queues a bounded few, refuses the rest", async () => {
    const gate = new EndpointGate(2, 1);
    expect(await gate.enter("a")).toBe(true);
    expect(await gate.enter("a")).toBe(true);
    let third = false;
    const waiting = gate.enter("a").then((ok) => (third = ok));
    expect(await gate.enter("a")).toBe(false);
    // Another endpoint is unaffected by a's full slots.
    expect(await gate.enter("b")).toBe(true);
    await Promise.resolve();
    expect(third).toBe(false);
    gate.leave("a");
    await waiting;
    expect(third).toBe(true);
  });

  it("frees slots when attempts finish", async () => {
    const gate = new EndpointGate(1, 0);
    expect(await gate.enter("a")).toBe(true);
    expect(await gate.enter("a")).toBe(false);
    gate.leave("a");
    expect(await gate.enter("a")).toBe(true);
  });
});
