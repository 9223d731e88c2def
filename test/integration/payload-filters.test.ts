import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { MAX_FILTER_DEPTH, MAX_FILTER_NODES, MAX_FILTER_VALUES, MAX_LIST_VALUES, MAX_PATH_SEGMENTS } from "../../src/rules/payload-filter.ts";
import {
  type EventFilterInput,
  PayloadFilterCreateEndpointDocument,
  PayloadFilterEndpointDocument,
  PayloadFilterPublishDocument,
  PayloadFilterSendTestEventDocument,
  PayloadFilterUpdateEndpointDocument,
} from "../generated/graphql.ts";
import { produce } from "../harness/fixtures.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// Issue #19 part 3 against the real stack: endpoints with payload filters get exactly the
// events that meet them, whether published straight to NATS or through publishEvent; a
// filter is refused at create and update time with the path to its fault; null clears it.
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let org: TestOrg;

beforeAll(async () => {
  stack = await startHeraldStack();
  ({ herald, receiver } = stack);
  org = await createTestOrg(`http://127.0.0.1:${herald.port}/graphql`);
});

afterAll(async () => {
  await stack?.stop();
});

async function endpointWith(path: string, filter?: EventFilterInput, eventTypes = ["queue.*"]) {
  const input = { url: receiver.url(path), eventTypes, ...(filter && { filter }) };
  return (await org.client.request(PayloadFilterCreateEndpointDocument, { input })).createEndpoint;
}

/** Ids of the events delivered to `path`, sorted. */
const deliveredTo = (path: string) =>
  receiver
    .on(path)
    .map((r) => (JSON.parse(r.body.toString()) as { id: string }).id)
    .sort();

const deliveriesIn = (organizationId: string) => herald.services.db.prisma.delivery.count({ where: { organizationId } });

describe("routing with payload filters", () => {
  it("delivers to each endpoint exactly the events its filter takes, from NATS and from publishEvent", async () => {
    const filters: Record<string, EventFilterInput | undefined> = {
      "/all": undefined,
      "/queues": { path: "data.queueId", in: ["q_1", "q_2"] },
      "/big": { path: "data.total", gte: "100.00" },
      "/combo": { and: [{ path: "type", eq: "queue.admitted" }, { or: [{ path: "data.vip", eq: true }, { not: { path: "data.total", lt: "500" } }] }] },
      "/no-queue": { path: "data.queueId", exists: false },
      "/seat": { path: "data.seats.1.row", eq: "B" },
    };
    const pathOf = new Map<string, string>();
    for (const [path, filter] of Object.entries(filters)) pathOf.set((await endpointWith(path, filter)).id, path);
    const events: { id: string; type: string; data: Record<string, unknown>; via: "nats" | "api"; to: string[] }[] = [
      { id: "e1", type: "queue.admitted", data: { queueId: "q_1", total: "100.00" }, via: "nats", to: ["/queues", "/big"] },
      { id: "e2", type: "queue.admitted", data: { queueId: "q_3", total: "99.99", vip: true }, via: "api", to: ["/combo"] },
      {
        id: "e3",
        type: "queue.left",
        data: { queueId: "q_2", total: "1000", seats: [{ row: "A" }, { row: "B" }] },
        via: "nats",
        to: ["/queues", "/big", "/seat"],
      },
      { id: "e4", type: "queue.admitted", data: { total: "500.0" }, via: "api", to: ["/big", "/combo", "/no-queue"] },
      // A number is no decimal string: gte "100.00" does not take it, and lt "500" neither, so `not` does.
      { id: "e5", type: "queue.admitted", data: { queueId: "q_1", total: 100 }, via: "nats", to: ["/queues", "/combo"] },
      { id: "e6", type: "queue.left", data: { queueId: 1, total: "-5", seats: [{ row: "B" }] }, via: "api", to: [] },
    ];
    for (const e of events) {
      if (e.via === "nats") await produce(herald.services, org.id, e);
      else await org.client.request(PayloadFilterPublishDocument, { input: { id: e.id, type: e.type, data: e.data } });
    }
    const expected = Object.fromEntries(
      Object.keys(filters).map((path) => [path, events.filter((e) => path === "/all" || e.to.includes(path)).map((e) => e.id)]),
    );
    const total = Object.values(expected).reduce((n, ids) => n + ids.length, 0);
    await receiver.waitFor(() => Object.keys(filters).reduce((n, path) => n + receiver.on(path).length, 0) >= total);
    await eventually("every delivery row", async () => (await deliveriesIn(org.id)) >= total);
    expect(Object.fromEntries(Object.keys(filters).map((path) => [path, deliveredTo(path)]))).toEqual(expected);
    expect(await deliveriesIn(org.id)).toBe(total);
    // The routing each event was stored with: the deliveries it owes, none beyond what arrived.
    const stored = await herald.services.db.prisma.event.findMany({ where: { organizationId: org.id }, select: { id: true, endpointIds: true } });
    const routed = Object.fromEntries(stored.map((e) => [e.id, e.endpointIds.map((id) => pathOf.get(id)).sort()]));
    expect(routed).toEqual(Object.fromEntries(events.map((e) => [e.id, ["/all", ...e.to].sort()])));
  });

  it("an update replaces the filter, null clears it, and ingest routes by the new one", async () => {
    const created = await endpointWith("/changing", { path: "data.region", eq: "eu" }, ["region.*"]);
    expect(created.filter).toEqual({ path: "data.region", eq: "eu" });
    const replaced = await org.client.request(PayloadFilterUpdateEndpointDocument, { id: created.id, input: { filter: { path: "data.region", in: ["us"] } } });
    expect(replaced.updateEndpoint.filter).toEqual({ path: "data.region", in: ["us"] });
    const untouched = await org.client.request(PayloadFilterUpdateEndpointDocument, { id: created.id, input: { description: "still filtered" } });
    expect(untouched.updateEndpoint.filter).toEqual({ path: "data.region", in: ["us"] });
    const cleared = await org.client.request(PayloadFilterUpdateEndpointDocument, { id: created.id, input: { filter: null } });
    expect(cleared.updateEndpoint.filter).toBeNull();
    // Ingest drops its cached routing when told of the change; until then an event may route by the old filter.
    let n = 0;
    await eventually(
      "an event the cleared filter would have refused",
      async () => {
        await produce(herald.services, org.id, { id: `region-${n++}`, type: "region.changed", data: { region: "eu" } });
        return receiver.on("/changing").length > 0;
      },
      20_000,
      200,
    );
  });

  it("sendTestEvent ignores the filter", async () => {
    const endpoint = await endpointWith("/test-event", { path: "data.never", exists: true });
    const { sendTestEvent } = await org.client.request(PayloadFilterSendTestEventDocument, { endpointId: endpoint.id, eventType: "queue.admitted" });
    expect(sendTestEvent.endpointId).toBe(endpoint.id);
    await receiver.waitFor(() => receiver.on("/test-event").length === 1);
  });
});

describe("refused filters", () => {
  const leaf: EventFilterInput = { path: "data.a", eq: 1 };
  const nested = (levels: number): EventFilterInput => (levels === 1 ? leaf : { not: nested(levels - 1) });

  it.each<[string, EventFilterInput, string[], RegExp]>([
    ["a bound with an exponent, inside and", { and: [leaf, { path: "data.total", gte: "1e3" }] }, ["and", "1", "gte"], /decimal string/],
    ["two operators in one object", { path: "data.a", eq: 1, in: [1] }, ["in"], /one operator or combinator per object/],
    ["no operator", { path: "data.a" }, [], /give exactly one of/],
    ["a path outside the envelope", { or: [leaf, { not: { path: "payload.a", exists: true } }] }, ["or", "1", "not", "path"], /must start at the envelope/],
    ["a list of mixed kinds", { path: "data.a", in: ["a", 2] }, ["in", "1"], /one kind of value/],
    ["an object operand", { path: "data.a", eq: { x: 1 } }, ["eq"], /string, a number or a boolean/],
    ["a NUL in an operand", { path: "data.a", ne: "a\u0000" }, ["ne"], /NUL/],
    ["nesting past the limit", nested(MAX_FILTER_DEPTH + 1), Array(MAX_FILTER_DEPTH).fill("not"), /levels deep/],
    [
      "more conditions than the limit",
      { or: Array.from({ length: MAX_FILTER_NODES }, () => leaf) },
      ["or", String(MAX_FILTER_NODES - 1)],
      /more than 64 conditions/,
    ],
    ["a list past the limit", { path: "data.a", nin: Array.from({ length: MAX_LIST_VALUES + 1 }, (_, i) => i) }, ["nin"], /at most 256 values/],
  ])("refuses %s with BAD_USER_INPUT naming the place, on create and on update, storing nothing", async (_name, filter, path, message) => {
    const before = await herald.services.db.prisma.endpoint.count({ where: { organizationId: org.id } });
    const created = await org.client.fail("BAD_USER_INPUT", PayloadFilterCreateEndpointDocument, {
      input: { url: receiver.url("/refused"), eventTypes: ["*"], filter },
    });
    expect(created.extensions?.issues).toEqual([{ path: ["input", "filter", ...path], message: expect.stringMatching(message) }]);
    expect(await herald.services.db.prisma.endpoint.count({ where: { organizationId: org.id } })).toBe(before);
    const existing = await endpointWith("/refused-update", leaf);
    const updated = await org.client.fail("BAD_USER_INPUT", PayloadFilterUpdateEndpointDocument, { id: existing.id, input: { filter } });
    expect(updated.extensions?.issues).toEqual([{ path: ["input", "filter", ...path], message: expect.stringMatching(message) }]);
    expect((await org.client.request(PayloadFilterEndpointDocument, { id: existing.id })).endpoint.filter).toEqual(leaf);
  });

  it("refuses a hostile nesting a thousand deep without harm, and still serves", async () => {
    const error = await org.client.fail("BAD_USER_INPUT", PayloadFilterCreateEndpointDocument, {
      input: { url: receiver.url("/hostile"), eventTypes: ["*"], filter: nested(1_000) },
    });
    expect(error.extensions?.issues).toHaveLength(1);
    expect((await endpointWith("/after-hostile", leaf)).filter).toEqual(leaf);
  });

  it("refuses a filter nested 100,000 deep in the variables, and still serves", async () => {
    // Written as text: JSON.stringify recurses, and would overflow on this before Herald does.
    const depth = 100_000;
    const filter = `${'{"not":'.repeat(depth)}{"path":"data.a","eq":1}${"}".repeat(depth)}`;
    const variables = `{"input":{"url":${JSON.stringify(receiver.url("/deep"))},"eventTypes":["*"],"filter":${filter}}}`;
    const res = await fetch(org.client.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${org.token}` },
      body: `{"query":${JSON.stringify(print(PayloadFilterCreateEndpointDocument))},"variables":${variables}}`,
    });
    const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await endpointWith("/after-deep", leaf)).filter).toEqual(leaf);
  });

  it("takes a filter at every limit, and routes through it quickly", async () => {
    const deepPath = ["data", ...Array(MAX_PATH_SEGMENTS - 1).fill("k")].join(".");
    const list = Array.from({ length: MAX_LIST_VALUES }, (_, i) => `v-${i}`);
    const lists = MAX_FILTER_VALUES / MAX_LIST_VALUES;
    const leaves: EventFilterInput[] = Array.from({ length: MAX_FILTER_NODES - 3 }, (_, i) =>
      i < lists ? { path: deepPath, in: list } : { path: "data.total", gte: `${"9".repeat(60)}.5` },
    );
    // The `or`, its leaves and the last one's `not` make MAX_FILTER_NODES; only that last one matches, after all the others.
    const filter: EventFilterInput = { or: [...leaves, { not: { path: "data.total", gte: `${"9".repeat(60)}.5` } }] };
    const endpoint = await endpointWith("/at-limit", filter, ["limit.*"]);
    expect(endpoint.filter).toEqual(filter);
    let deep: unknown = "miss";
    for (let i = 0; i < MAX_PATH_SEGMENTS - 1; i++) deep = { k: deep };
    const started = performance.now();
    const n = 200;
    await Promise.all(
      Array.from({ length: n }, (_, i) => produce(herald.services, org.id, { id: `limit-${i}`, type: "limit.hit", data: { ...(deep as object), total: "5" } })),
    );
    await receiver.waitFor(() => receiver.on("/at-limit").length === n, 30_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
