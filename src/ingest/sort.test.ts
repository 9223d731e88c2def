import type { JsMsg } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import type { OrgRouting } from "./routing.ts";
import { sortMessages } from "./sort.ts";
import type { Parsed } from "./validate.ts";

const org = "org_01J000000000000000000000";
/** The fields of a JetStream message that judging reads. */
const message = (seq: number) =>
  ({ subject: `events.${org}.order.created`, data: Buffer.from(`{"n":${seq}}`), seq, timestamp: "2026-12-06T00:00:00.000Z" }) as unknown as JsMsg;
const ok = (data: Record<string, unknown>): Parsed => ({
  ok: true,
  organizationId: org,
  envelope: { id: "evt_1", type: "order.created", timestamp: "2026-12-06T00:00:00Z", organizationId: org, data },
});
const route = (schema?: unknown): OrgRouting => ({
  eventTypeSchemas: new Map(schema === undefined ? [] : [["order.created", schema]]),
  endpoints: [
    { id: "ep_1", patterns: ["order.*"], filter: null, orderingKey: null },
    { id: "ep_2", patterns: ["invoice.*"], filter: null, orderingKey: null },
    { id: "ep_3", patterns: ["order.*"], filter: (e) => "total" in (e as { data: object }).data, orderingKey: null },
  ],
  heldEndpoints: [{ id: "ep_off", patterns: ["order.*"], filter: null, orderingKey: null }],
  ordered: false,
});
/** Routing whose lookups throw, as a broken cache entry would. */
const throwing = {
  get eventTypeSchemas(): Map<string, unknown> {
    throw new Error("boom");
  },
  endpoints: [],
  heldEndpoints: [],
  ordered: false,
} as OrgRouting;

describe("sortMessages", () => {
  it.each<[string, Parsed, OrgRouting | null | undefined, RegExp | string[]]>([
    ["an accepted event, routed to the endpoints it matches", ok({ total: "1.00" }), route(), ["ep_1", "ep_3"]],
    ["an event its filter leaves out of one endpoint", ok({ count: 1 }), route(), ["ep_1"]],
    ["an event that passes its type's schema", ok({ total: "1.00" }), route({ required: ["total"] }), ["ep_1", "ep_3"]],
    ["a parse failure", { ok: false, reason: "message is not JSON", organizationId: org }, route(), /not JSON/],
    ["an unknown organization", ok({}), null, /unknown organization/],
    ["data that fails the schema", ok({}), route({ required: ["total"] }), /must have required property 'total'/],
    ["a schema stored before today's rules", ok({}), route({ $ref: "urn:b:base" }), /schema cannot be used: it \$ref at # must be local/],
    ["routing that throws", ok({}), throwing, /event could not be processed: boom/],
  ])("%s", (_name, parsed, routing, expected) => {
    const sorted = sortMessages([{ msg: message(1), result: parsed }], new Map([[org, routing ?? null]]));
    if (Array.isArray(expected)) {
      expect(sorted.rejected).toEqual([]);
      expect(sorted.accepted[0]!.event.endpointIds).toEqual(expected);
      expect(sorted.accepted[0]!.event.heldEndpointIds).toEqual(["ep_off"]);
    } else {
      expect(sorted.accepted).toEqual([]);
      expect(sorted.rejected[0]!.rejection.reason).toMatch(expected);
    }
  });

  it("judges each message alone: one that throws does not take the batch's others with it", () => {
    const routes = new Map<string, OrgRouting | null>([[org, route({ required: ["total"] })]]);
    const sorted = sortMessages(
      [
        { msg: message(1), result: ok({ total: "1" }) },
        { msg: message(2), result: ok({}) },
        { msg: message(3), result: ok({ total: "3" }) },
      ],
      routes,
    );
    expect(sorted.accepted.map((a) => a.msg.seq)).toEqual([1, 3]);
    expect(sorted.rejected.map((r) => [r.msg.seq, r.rejection.organizationId])).toEqual([[2, org]]);
  });
});
