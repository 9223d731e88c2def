import { describe, expect, it } from "vitest";
import { responseVerdict } from "./use-response-limit.ts";

describe("responseVerdict", () => {
  it.each([
    [100, 0, 1_000, { total: 100, over: false }],
    [1_000, 0, 1_000, { total: 1_000, over: false }],
    [1_001, 0, 1_000, { total: 1_001, over: true }],
    [400, 700, 1_000, { total: 1_100, over: true }],
    [300, 700, 1_000, { total: 1_000, over: false }],
  ])("%d bytes after %d, limit %d → %j", (bytes, before, max, expected) => {
    expect(responseVerdict(bytes, before, max)).toEqual(expected);
  });
});
