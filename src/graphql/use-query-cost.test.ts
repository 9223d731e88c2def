import { describe, expect, it } from "vitest";
import { costVerdict } from "./use-query-cost.ts";

const limits = { maxCost: 100, maxRequestCost: 250 };

describe("costVerdict", () => {
  it.each([
    ["a cheap operation", 10, 0, { ok: true, spent: 10 }],
    ["exactly the limit", 100, 0, { ok: true, spent: 100 }],
    ["one over the operation limit", 101, 0, { ok: false, limit: "maxCost", max: 100, cost: 101 }],
    ["a batch's third operation that fits", 50, 200, { ok: true, spent: 250 }],
    ["a batch's operation that takes the total over", 60, 200, { ok: false, limit: "maxRequestCost", max: 250, cost: 260 }],
    ["an operation over both: the operation's own limit is named", 500, 200, { ok: false, limit: "maxCost", max: 100, cost: 500 }],
  ] as const)("%s", (_name, cost, before, expected) => {
    expect(costVerdict(cost, before, limits)).toEqual(expected);
  });
});
