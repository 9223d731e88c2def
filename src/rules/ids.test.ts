import { decodeTime, isValid } from "ulidx";
import { describe, expect, it } from "vitest";
import { isWellFormedId, newId } from "./ids.ts";

describe("newId", () => {
  it("makes prefixed, valid, strictly increasing and unique ULIDs", () => {
    const before = Date.now();
    const ids = Array.from({ length: 5_000 }, () => newId("dlv"));
    const ulids = ids.map((id) => id.slice("dlv_".length));
    expect(ids.every((id) => id.startsWith("dlv_"))).toBe(true);
    expect(ulids.every((u) => u.length === 26 && isValid(u))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(decodeTime(ulids[0]!)).toBeGreaterThanOrEqual(before);
  });

  it("draws the random part uniformly over all 32 characters, across refills of its pool", async () => {
    const counts = new Map<string, number>();
    // Ids in distinct milliseconds get a fresh random part (within one, ulidx increments it).
    for (let i = 0; i < 400; i++) {
      const random = newId("att").slice(4 + 10);
      for (const c of random) counts.set(c, (counts.get(c) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 0));
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    expect(counts.size).toBe(32);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    // 6,400 draws: each character's share is 1/32 (200) give or take sampling noise.
    for (const n of counts.values()) expect(Math.abs(n - total / 32)).toBeLessThan(100);
  });
});

describe("isWellFormedId", () => {
  it.each([
    ["dlv_01M94S75DTGGNM0K22MZQR0RJA", true],
    ["order-42_b", true],
    ["a".repeat(128), true],
    ["", false],
    ["a".repeat(129), false],
    ["a\u0000b", false],
    ["dlv_01M9 4S", false],
    ["ep_x'; DROP TABLE", false],
    ["évt_1", false],
    ["evt.1", false],
  ])("%j → %s", (value, expected) => {
    expect(isWellFormedId(value)).toBe(expected);
  });
});
