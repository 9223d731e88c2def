import { describe, expect, it } from "vitest";
import { tallyEndpointStats } from "./endpoints.ts";

describe("tallyEndpointStats", () => {
  it.each([
    ["no deliveries: zeros and no rate", [], { succeeded: 0, failed: 0, pending: 0, successRate: null }],
    ["pending only: still no rate", [{ status: "PENDING", count: 4 }], { succeeded: 0, failed: 0, pending: 4, successRate: null }],
    [
      "finished deliveries give the rate",
      [
        { status: "SUCCEEDED", count: 3 },
        { status: "FAILED", count: 1 },
        { status: "PENDING", count: 2 },
      ],
      { succeeded: 3, failed: 1, pending: 2, successRate: 0.75 },
    ],
    ["cancelled ones are not counted", [{ status: "CANCELLED", count: 9 }], { succeeded: 0, failed: 0, pending: 0, successRate: null }],
  ])("%s", (_case, groups, stats) => {
    const out = tallyEndpointStats(
      ["ep_1"],
      groups.map((g) => ({ endpointId: "ep_1", ...g })),
    );
    expect(out.get("ep_1")).toEqual(stats);
  });

  it("keeps endpoints apart and ignores groups of endpoints not asked for", () => {
    const out = tallyEndpointStats(
      ["ep_1", "ep_2"],
      [
        { endpointId: "ep_1", status: "SUCCEEDED", count: 1 },
        { endpointId: "ep_2", status: "FAILED", count: 2 },
        { endpointId: "ep_3", status: "SUCCEEDED", count: 5 },
      ],
    );
    expect([...out.keys()]).toEqual(["ep_1", "ep_2"]);
    expect(out.get("ep_1")?.successRate).toBe(1);
    expect(out.get("ep_2")?.successRate).toBe(0);
  });
});
