import { describe, expect, it } from "vitest";
import { EndpointGate } from "./endpoint-gate.ts";

const opts = { cap: 2, maxWaitingFast: 3, maxWaitingSlow: 1, lineWaitMs: 100 };

describe("EndpointGate", () => {
  it("admits up to the cap per endpoint, lines up a bounded few, refuses the rest", async () => {
    const gate = new EndpointGate(opts);
    expect(await gate.enter("a")).toBe(true);
    expect(await gate.enter("a")).toBe(true);
    // Until one of a's attempts has finished its speed is unknown, and its line the shortest.
    const first = gate.enter("a");
    expect(await gate.enter("a")).toBe(false);
    gate.leave("a", 5);
    expect(await first).toBe(true);
    const lined = [gate.enter("a"), gate.enter("a"), gate.enter("a")];
    expect(await gate.enter("a")).toBe(false);
    // Another endpoint is unaffected by a's full slots.
    expect(await gate.enter("b")).toBe(true);
    gate.leave("a", 5);
    gate.leave("a", 5);
    gate.leave("a", 5);
    expect(await Promise.all(lined)).toEqual([true, true, true]);
  });

  it("shortens the line of an endpoint that turns slow, sending the excess back", async () => {
    const gate = new EndpointGate(opts);
    await gate.enter("a");
    await gate.enter("a");
    gate.leave("a", 5);
    await gate.enter("a");
    const lined = [gate.enter("a"), gate.enter("a"), gate.enter("a")];
    gate.leave("a", 2_000);
    // The first in line got the freed slot; of the two left, one fits the slow line.
    expect(await lined[0]).toBe(true);
    expect(await lined[2]).toBe(false);
    expect(await gate.enter("a")).toBe(false);
    gate.leave("a", 2_000);
    expect(await lined[1]).toBe(true);
  });

  it("treats an endpoint whose attempts stop finishing as slow before any of them returns", async () => {
    let now = 0;
    const gate = new EndpointGate(opts, () => now);
    await gate.enter("a");
    await gate.enter("a");
    gate.leave("a", 1);
    await gate.enter("a");
    const lined = [gate.enter("a"), gate.enter("a"), gate.enter("a")];
    now = 500;
    // No attempt has finished for 500 ms: two slots clear no one within 100 ms, so the line shrinks to the shortest.
    expect(await gate.enter("a")).toBe(false);
    expect(await lined[2]).toBe(false);
    expect(await lined[1]).toBe(false);
  });

  it("sizes the line to what the endpoint clears within lineWaitMs", async () => {
    let now = 0;
    const gate = new EndpointGate({ cap: 2, maxWaitingFast: 100, maxWaitingSlow: 1, lineWaitMs: 1_000 }, () => now);
    await gate.enter("a");
    await gate.enter("a");
    now = 100;
    gate.leave("a", 100);
    await gate.enter("a");
    // 2 slots of 100 ms clear 20 jobs in a second.
    const lined = Array.from({ length: 25 }, () => gate.enter("a"));
    const answers = await Promise.race([Promise.all(lined.slice(20)), new Promise((r) => setTimeout(() => r("waiting"), 50))]);
    expect(answers).toEqual([false, false, false, false, false]);
  });

  it("frees slots when attempts finish", async () => {
    const gate = new EndpointGate({ ...opts, cap: 1, maxWaitingFast: 0, maxWaitingSlow: 0 });
    expect(await gate.enter("a")).toBe(true);
    expect(await gate.enter("a")).toBe(false);
    gate.leave("a", 1);
    expect(await gate.enter("a")).toBe(true);
  });

  it("sends a job it turns away back for about as long as the endpoint's attempts take", async () => {
    let now = 0;
    const gate = new EndpointGate({ ...opts, maxWaitingFast: 0, maxWaitingSlow: 0 }, () => now);
    await gate.enter("a");
    await gate.enter("a");
    now = 2_000;
    gate.leave("a", 2_000);
    await gate.enter("a");
    expect(await gate.enter("a")).toBe(false);
    expect(gate.deferral("a")).toBe(2_000);
    // Nothing has finished for 5 s: the wait follows what is seen, not the stale average.
    now = 7_000;
    expect(gate.deferral("a")).toBe(5_000);
    now = 200_000;
    expect(gate.deferral("a")).toBe(60_000);
    // Faster answers bring the wait down with the mean.
    gate.leave("a", 1);
    gate.leave("a", 1);
    expect(gate.deferral("a")).toBeCloseTo(0.8 * 0.8 * 2_000 + 0.2 * 0.8 + 0.2, 6);
  });

  it("halves an endpoint's cap per timeout down to a quarter, keeps it while idle and sends its jobs back for longer", async () => {
    let now = 0;
    const gate = new EndpointGate({ cap: 8, maxWaitingFast: 0, maxWaitingSlow: 0, lineWaitMs: 100 }, () => now);
    const fill = async () => (await Promise.all(Array.from({ length: 8 }, () => gate.enter("a")))).filter(Boolean).length;
    const leave = (n: number, timedOut = false) => {
      for (let i = 0; i < n; i++) gate.leave("a", 2_000, timedOut);
    };
    expect(await fill()).toBe(8);
    now = 2_000;
    // Three of the eight time out: 8 → 4 → 2, and no lower than a quarter of the cap.
    leave(3, true);
    expect(await gate.enter("a")).toBe(false);
    leave(5, true);
    // Idle now, yet the lowered cap is kept: a fresh lane would let it pin all eight again.
    expect(await fill()).toBe(2);
    // 2 s a slot, at 2 of 8 slots: its jobs come back after 8 s, not 2 s.
    expect(gate.deferral("a")).toBe(8_000);
    // Each answer gives a slot back.
    leave(1);
    expect(await fill()).toBe(2);
    leave(3);
    expect(await fill()).toBe(6);
    leave(6);
    // Back to the full cap: an ordinary endpoint again, whose jobs wait one slot's time.
    expect(gate.deferral("a")).toBe(2_000);
    expect(await fill()).toBe(8);
  });

  it("lets a waiter in only when the lowered cap has room", async () => {
    const gate = new EndpointGate({ cap: 4, maxWaitingFast: 4, maxWaitingSlow: 4, lineWaitMs: 10_000 });
    for (let i = 0; i < 4; i++) await gate.enter("a");
    let admitted = false;
    const lined = gate.enter("a").then((ok) => (admitted = ok));
    // 4 → 2: three still in flight, more than the cap, so the freed slot is not handed on.
    gate.leave("a", 5_000, true);
    await Promise.resolve();
    expect(admitted).toBe(false);
    // An answer: cap 3, two in flight.
    gate.leave("a", 1);
    expect(await lined).toBe(true);
  });

  it("remembers an idle endpoint's speed, so a burst to it is lined up rather than sent back", async () => {
    const gate = new EndpointGate({ cap: 1, maxWaitingFast: 10, maxWaitingSlow: 1, lineWaitMs: 1_000 });
    await gate.enter("a");
    gate.leave("a", 5);
    await gate.enter("a");
    const burst = await Promise.race([Promise.all(Array.from({ length: 10 }, () => gate.enter("a"))), new Promise((r) => setTimeout(() => r("lined up"), 20))]);
    expect(burst).toBe("lined up");
  });

  it("waits a short while for an endpoint with nothing in flight", () => {
    const gate = new EndpointGate(opts);
    expect(gate.deferral("idle")).toBe(100);
  });
});
