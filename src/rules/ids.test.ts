import { decodeTime, isValid } from "ulidx";
import { describe, expect, it } from "vitest";
import { isWellFormedId, newId, sequencedId } from "./ids.ts";

describe("sequencedId", () => {
  const t = Date.UTC(2026, 11, 6);
  type Parts = [number, number, number];
  it.each<[string, Parts, Parts]>([
    ["a later message, in the same millisecond", [t, 41, 0], [t, 42, 0]],
    ["the same message, a later index", [t, 42, 0], [t, 42, 1]],
    ["a later millisecond, whatever the sequence", [t, 2 ** 52, 9], [t + 1, 1, 0]],
    ["sequences past 32 bits", [t, 2 ** 40, 0], [t, 2 ** 40 + 1, 0]],
    ["indexes past one character", [t, 7, 31], [t, 7, 32]],
  ])("sorts %s after", (_name, a, b) => {
    const [x, y] = [sequencedId("dlv", ...a), sequencedId("dlv", ...b)];
    expect(x < y).toBe(true);
  });

  it("is a valid ULID carrying the time, and refuses an index it cannot hold", () => {
    const id = sequencedId("dlv", t, 123_456_789, 3);
    expect(isValid(id.slice(4))).toBe(true);
    expect(decodeTime(id.slice(4))).toBe(t);
    expect(isWellFormedId(id)).toBe(true);
    expect(() => sequencedId("dlv", t, 1, 32 ** 4)).toThrow(RangeError);
  });
});

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
