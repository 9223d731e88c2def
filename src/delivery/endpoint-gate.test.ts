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

  it("sends a job it turns away back once what is ahead of it is done, each after the one turned away before it", async () => {
    let now = 0;
    const gate = new EndpointGate({ ...opts, maxWaitingFast: 0, maxWaitingSlow: 0 }, () => now);
    await gate.enter("a");
    await gate.enter("a");
    now = 2_000;
    gate.leave("a", 2_000);
    await gate.enter("a");
    expect(await gate.enter("a")).toBe(false);
    // 2 s an attempt over 2 slots: a turn every second; two in flight ahead, then its own turn.
    expect(gate.deferral("a")).toBe(3_000);
    // The next one turned away comes back a turn later, not at the same moment.
    expect(gate.deferral("a")).toBe(4_000);
    expect(gate.deferral("a")).toBe(5_000);
    // Nothing has finished for 5 s: turns follow what is seen, not the stale average.
    now = 7_000;
    expect(gate.deferral("a")).toBe(2 * 2_500 + 2_500);
    // Never longer than a minute, however long the parked line has grown.
    now = 200_000;
    expect(gate.deferral("a")).toBe(60_000);
    expect(gate.deferral("a")).toBe(60_000);
    // Faster answers shorten the turns, and the parked line it had is not held against it for longer than that minute.
    now = 260_001;
    gate.leave("a", 1);
    gate.leave("a", 1);
    expect(gate.deferral("a")).toBeCloseTo((0.8 * (0.8 * 2_000 + 0.2) + 0.2) / 2, 6);
  });

  it("spreads a burst turned away over the time the endpoint takes to clear it", async () => {
    const now = 0;
    const gate = new EndpointGate({ cap: 32, maxWaitingFast: 0, maxWaitingSlow: 0, lineWaitMs: 100 }, () => now);
    for (let i = 0; i < 32; i++) await gate.enter("a");
    gate.leave("a", 8);
    await gate.enter("a");
    // 8 ms an attempt over 32 slots: 4,000 a second. A thousand turned away at once come back
    // over a quarter of a second, not all after the same tenth of a second.
    const waits = Array.from({ length: 1_000 }, () => gate.deferral("a"));
    expect(waits[0]).toBe(100);
    expect(waits[999]).toBeCloseTo(8 + 1_000 * 0.25, 6);
    expect(new Set(waits.slice(500)).size).toBe(500);
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
    // 2 s a slot, at 2 of 8 slots: a turn every second, not every quarter of a second.
    expect(gate.deferral("a")).toBe(2 * 1_000 + 1_000);
    expect(gate.deferral("a")).toBe(4_000);
    // Each answer gives a slot back.
    leave(1);
    expect(await fill()).toBe(2);
    leave(3);
    expect(await fill()).toBe(6);
    leave(6);
    expect(await fill()).toBe(8);
    // Back to the full cap: an ordinary endpoint again, with a turn every quarter of a second,
    // after the jobs it parked while throttled (due back 4 s from now).
    expect(gate.deferral("a")).toBe(4_250);
    expect(gate.deferral("a")).toBe(4_500);
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

  it("holds an endpoint to its own maxInFlight when lower than the gate's cap, and the cap when higher", async () => {
    const gate = new EndpointGate({ cap: 8, maxWaitingFast: 0, maxWaitingSlow: 0, lineWaitMs: 100 });
    const fill = async (id: string, own: number | null) => (await Promise.all(Array.from({ length: 10 }, () => gate.enter(id, own)))).filter(Boolean).length;
    expect(await fill("own", 2)).toBe(2);
    expect(await fill("above", 50)).toBe(8);
    expect(await fill("default", null)).toBe(8);
  });

  it("adapts below an endpoint's own ceiling: timeouts halve it to a quarter of it, answers raise it back to it", async () => {
    const gate = new EndpointGate({ cap: 32, maxWaitingFast: 0, maxWaitingSlow: 0, lineWaitMs: 100 });
    const fill = async () => (await Promise.all(Array.from({ length: 10 }, () => gate.enter("a", 8)))).filter(Boolean).length;
    expect(await fill()).toBe(8);
    for (let i = 0; i < 8; i++) gate.leave("a", 2_000, true);
    expect(await fill()).toBe(2);
    gate.leave("a", 1);
    gate.leave("a", 1);
    for (let n = 0; n < 10; n++) {
      const inFlight = await fill();
      for (let i = 0; i < inFlight; i++) gate.leave("a", 1);
    }
    expect(await fill()).toBe(8);
  });

  it("follows a changed maxInFlight without waiting for the lane to be forgotten", async () => {
    const gate = new EndpointGate({ cap: 8, maxWaitingFast: 0, maxWaitingSlow: 0, lineWaitMs: 100 });
    expect(await gate.enter("a", 4)).toBe(true);
    gate.leave("a", 1);
    const admitted = (await Promise.all(Array.from({ length: 10 }, () => gate.enter("a", 1)))).filter(Boolean).length;
    expect(admitted).toBe(1);
    gate.leave("a", 1);
    const raised = (await Promise.all(Array.from({ length: 10 }, () => gate.enter("a", null)))).filter(Boolean).length;
    // The cap climbs back one answer at a time; the new ceiling lets it, from where it was.
    expect(raised).toBe(2);
  });

  it("waits a short while for an endpoint with nothing in flight", () => {
    const gate = new EndpointGate(opts);
    expect(gate.deferral("idle")).toBe(100);
  });
});
