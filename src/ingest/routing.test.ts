import { describe, expect, it } from "vitest";
import { assembleRouting, matchingEndpoints } from "./routing.ts";

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
        { organization_id: "org_1", id: "ep_1", event_types: ["a.*"] },
        { organization_id: "org_1", id: "ep_2", event_types: [] },
      ],
      {
        org_1: {
          schemas: {},
          endpoints: [
            { id: "ep_1", patterns: ["a.*"] },
            { id: "ep_2", patterns: [] },
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
      [{ organization_id: "org_9", id: "ep_9", event_types: [] }],
      { org_1: { schemas: {}, endpoints: [] } },
    ],
  ])("%s", (_name, ids, existing, schemas, endpoints, expected) => {
    const routing = assembleRouting(ids, existing, schemas, endpoints);
    const plain = Object.fromEntries([...routing].map(([id, r]) => [id, r && { schemas: Object.fromEntries(r.eventTypeSchemas), endpoints: r.endpoints }]));
    expect(plain).toEqual(expected);
  });
});

describe("matchingEndpoints", () => {
  it("picks the endpoints whose patterns match the type", () => {
    const routing = assembleRouting(
      ["o"],
      ["o"],
      [],
      [
        { organization_id: "o", id: "ep_orders", event_types: ["order.*"] },
        { organization_id: "o", id: "ep_users", event_types: ["user.created"] },
      ],
    ).get("o")!;
    expect(matchingEndpoints(routing, "order.created")).toEqual(["ep_orders"]);
    expect(matchingEndpoints(routing, "user.created")).toEqual(["ep_users"]);
  });
});
