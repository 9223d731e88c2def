import { describe, expect, it } from "vitest";
import { assembleRouting, heldEndpoints, matchingEndpoints, orderedLines } from "./routing.ts";

describe("assembleRouting", () => {
  it.each([
    ["an id that is no organization routes nowhere", ["org_x"], [], [], [], { org_x: null }],
    ["an organization without types or endpoints routes to none", ["org_1"], ["org_1"], [], [], { org_1: { schemas: {}, endpoints: [] } }],
    [
      "schemas and endpoints go to their own organization",
      ["org_1", "org_2"],
      ["org_1", "org_2"],
      [{ organization_id: "org_2", name: "a.b", schema: { type: "object" } }],
      [
        { organization_id: "org_1", id: "ep_1", event_types: ["a.*"], filter: null, status: "ENABLED" as const, ordering: null },
        { organization_id: "org_1", id: "ep_2", event_types: [], filter: null, status: "ENABLED" as const, ordering: null },
      ],
      {
        org_1: {
          schemas: {},
          endpoints: [
            { id: "ep_1", patterns: ["a.*"], filter: null, orderingKey: null },
            { id: "ep_2", patterns: [], filter: null, orderingKey: null },
          ],
        },
        org_2: { schemas: { "a.b": { type: "object" } }, endpoints: [] },
      },
    ],
    [
      "rows of an organization not asked for are dropped",
      ["org_1"],
      ["org_1"],
      [],
      [{ organization_id: "org_9", id: "ep_9", event_types: [], filter: null, status: "ENABLED" as const, ordering: null }],
      { org_1: { schemas: {}, endpoints: [] } },
    ],
  ])("%s", (_name, ids, existing, schemas, endpoints, expected) => {
    const routing = assembleRouting(ids, existing, schemas, endpoints);
    const plain = Object.fromEntries([...routing].map(([id, r]) => [id, r && { schemas: Object.fromEntries(r.eventTypeSchemas), endpoints: r.endpoints }]));
    expect(plain).toEqual(expected);
  });
});

describe("matchingEndpoints", () => {
  const envelope = (type: string, data: Record<string, unknown> = {}) => ({ id: "evt_1", type, timestamp: "2026-12-06T00:00:00Z", organizationId: "o", data });
  const routing = assembleRouting(
    ["o"],
    ["o"],
    [],
    [
      { organization_id: "o", id: "ep_orders", event_types: ["order.*"], filter: null, status: "ENABLED" as const, ordering: null },
      { organization_id: "o", id: "ep_users", event_types: ["user.created"], filter: null, status: "ENABLED" as const, ordering: null },
      {
        organization_id: "o",
        id: "ep_big_orders",
        event_types: ["order.*"],
        filter: { path: "data.total", gte: "100.00" },
        status: "ENABLED" as const,
        ordering: null,
      },
      {
        organization_id: "o",
        id: "ep_broken",
        event_types: ["order.*"],
        filter: { path: "data.total", gte: "1e2" },
        status: "ENABLED" as const,
        ordering: null,
      },
      { organization_id: "o", id: "ep_off_orders", event_types: ["order.*"], filter: null, status: "DISABLED" as const, ordering: null },
      {
        organization_id: "o",
        id: "ep_off_big",
        event_types: ["order.*"],
        filter: { path: "data.total", gte: "100.00" },
        status: "DISABLED" as const,
        ordering: null,
      },
    ],
  ).get("o")!;

  it("picks the endpoints whose patterns match the type", () => {
    expect(matchingEndpoints(routing, envelope("order.created"))).toEqual(["ep_orders"]);
    expect(matchingEndpoints(routing, envelope("user.created"))).toEqual(["ep_users"]);
  });

  it("keeps an endpoint with a filter only for the events that meet it; a stored filter that no longer parses takes none", () => {
    expect(matchingEndpoints(routing, envelope("order.created", { total: "100" }))).toEqual(["ep_orders", "ep_big_orders"]);
    expect(matchingEndpoints(routing, envelope("order.created", { total: "99.99" }))).toEqual(["ep_orders"]);
    expect(matchingEndpoints(routing, envelope("user.created", { total: "500" }))).toEqual(["ep_users"]);
  });

  it("sends nothing to a disabled endpoint: it holds what its patterns and filter match", () => {
    expect(matchingEndpoints(routing, envelope("order.created", { total: "500" }))).not.toContain("ep_off_orders");
    expect(heldEndpoints(routing, envelope("order.created", { total: "500" }))).toEqual(["ep_off_orders", "ep_off_big"]);
    expect(heldEndpoints(routing, envelope("order.created", { total: "5" }))).toEqual(["ep_off_orders"]);
    expect(heldEndpoints(routing, envelope("user.created"))).toEqual([]);
  });

  it("allocates nothing for an event no disabled endpoint takes", () => {
    const none = heldEndpoints(routing, envelope("user.created"));
    expect(heldEndpoints(routing, envelope("invoice.paid"))).toBe(none);
    const enabledOnly = assembleRouting(["o"], ["o"], [], []).get("o")!;
    expect(heldEndpoints(enabledOnly, envelope("order.created"))).toBe(none);
  });
});

describe("orderedLines", () => {
  const envelope = (data: Record<string, unknown>) => ({ id: "evt_1", type: "bid.placed", timestamp: "2026-12-06T00:00:00Z", organizationId: "o", data });
  const routing = assembleRouting(
    ["o"],
    ["o"],
    [],
    [
      { organization_id: "o", id: "ep_plain", event_types: ["bid.*"], filter: null, ordering: null, status: "ENABLED" as const },
      {
        organization_id: "o",
        id: "ep_auction",
        event_types: ["bid.*"],
        filter: null,
        ordering: { key: "data.auctionId", onFailure: "SKIP" },
        status: "ENABLED" as const,
      },
      {
        organization_id: "o",
        id: "ep_user",
        event_types: ["bid.*"],
        filter: null,
        ordering: { key: "data.userId", onFailure: "BLOCK" },
        status: "ENABLED" as const,
      },
    ],
  ).get("o")!;

  it.each([
    [
      "each ordering endpoint routed to, with its own key",
      { auctionId: "a1", userId: 7 },
      ["ep_plain", "ep_auction", "ep_user"],
      [
        ["ep_auction", "a1"],
        ["ep_user", "#7"],
      ],
    ],
    ["an event without the key is unordered there", { auctionId: "a1" }, ["ep_plain", "ep_auction", "ep_user"], [["ep_auction", "a1"]]],
    ["only endpoints the event was routed to", { auctionId: "a1", userId: 7 }, ["ep_plain", "ep_user"], [["ep_user", "#7"]]],
    ["none routed", { auctionId: "a1" }, [], []],
  ])("%s", (_name, data, routed, expected) => {
    expect(orderedLines(routing, envelope(data), routed).map((l) => [l.endpointId, l.key])).toEqual(expected);
  });

  it("an organization without ordering endpoints reads no key", () => {
    const plain = assembleRouting(
      ["o"],
      ["o"],
      [],
      [{ organization_id: "o", id: "ep", event_types: ["*"], filter: null, ordering: null, status: "ENABLED" as const }],
    ).get("o")!;
    expect(plain.ordered).toBe(false);
    expect(orderedLines(plain, envelope({ auctionId: "a1" }), ["ep"])).toEqual([]);
  });
});
