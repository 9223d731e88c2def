import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import {
  OrderingCreateEndpointDocument,
  OrderingDeliveriesDocument,
  OrderingDisableEndpointDocument,
  OrderingEnableEndpointDocument,
  OrderingRedeliverDocument,
  OrderingSkipDeliveryDocument,
  OrderingUpdateEndpointDocument,
} from "../generated/graphql.ts";
import { produce } from "../harness/fixtures.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// Issue #19 part 1 through the API: the ordering setting is validated and stored; under
// onFailure BLOCK a FAILED delivery holds its key's later events until it is skipped or
// redelivered, while other keys flow on; under SKIP the key moves on by itself.
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

/** The events (by their data.n) a path received, in arrival order. */
const arrivals = (path: string) => receiver.on(path).map((r) => (JSON.parse(r.body.toString()) as { id: string }).id);

async function orderedEndpoint(path: string, onFailure: "SKIP" | "BLOCK") {
  const input = { url: receiver.url(path), eventTypes: ["bid.*"], retrySchedule: [1], ordering: { key: "data.auctionId", onFailure } };
  return (await org.client.request(OrderingCreateEndpointDocument, { input })).createEndpoint;
}

async function deliveriesOf(endpointId: string) {
  const { deliveries } = await org.client.request(OrderingDeliveriesDocument, { endpointId });
  return new Map(deliveries.edges.map((e) => [e.node.eventId, e.node]));
}

async function publish(id: string, auctionId: string | null) {
  await produce(herald.services, org.id, { id, type: "bid.placed", data: auctionId === null ? { n: 1 } : { auctionId } });
}

describe("ordering setting", () => {
  it("is stored as given (onFailure SKIP by default) and cleared with null", async () => {
    const input = { url: receiver.url("/setting"), eventTypes: ["bid.*"], ordering: { key: "data.auction.id" } };
    const created = (await org.client.request(OrderingCreateEndpointDocument, { input })).createEndpoint;
    expect(created.ordering).toEqual({ key: "data.auction.id", onFailure: "SKIP" });
    const cleared = await org.client.request(OrderingUpdateEndpointDocument, { id: created.id, input: { ordering: null } });
    expect(cleared.updateEndpoint.ordering).toBeNull();
  });

  it.each([
    ["orderId", ["input", "ordering", "key"]],
    ["data..id", ["input", "ordering", "key"]],
    ["x".repeat(300), ["input", "ordering", "key"]],
  ])("refuses key %j as BAD_USER_INPUT at %j", async (key, path) => {
    const input = { url: receiver.url("/bad"), eventTypes: ["bid.*"], ordering: { key } };
    const res = await org.client.execute(OrderingCreateEndpointDocument, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.extensions?.issues?.[0]?.path).toEqual(path);
  });
});

describe("onFailure BLOCK", () => {
  it("holds the key behind a FAILED delivery until it is skipped; other keys flow on", async () => {
    const ep = await orderedEndpoint("/block", "BLOCK");
    receiver.respond("/block", (req) => ((JSON.parse(req.body.toString()) as { id: string }).id === "blk-a0" ? { status: 500 } : { status: 200 }));
    await publish("blk-a0", "A");
    await publish("blk-a1", "A");
    await publish("blk-b0", "B");
    await publish("blk-a2", "A");
    await publish("blk-free", null);
    await eventually("a0 FAILED after its retry", async () => (await deliveriesOf(ep.id)).get("blk-a0")?.status === "FAILED", 20_000);
    await receiver.waitFor(() => arrivals("/block").includes("blk-b0") && arrivals("/block").includes("blk-free"));
    // Past a few promotion rounds, A's later events are still held.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(arrivals("/block").filter((id) => id.startsWith("blk-a"))).toEqual(["blk-a0", "blk-a0"]);
    const held = await deliveriesOf(ep.id);
    expect(held.get("blk-a0")).toMatchObject({ orderingKey: "A", blocksLine: true });
    expect(held.get("blk-a1")).toMatchObject({ status: "PENDING", blocksLine: false });

    const skipped = await org.client.request(OrderingSkipDeliveryDocument, { deliveryId: held.get("blk-a0")!.id });
    expect(skipped.skipDelivery).toMatchObject({ status: "FAILED", blocksLine: false });
    await receiver.waitFor(() => arrivals("/block").includes("blk-a2"));
    expect(arrivals("/block").filter((id) => id.startsWith("blk-a"))).toEqual(["blk-a0", "blk-a0", "blk-a1", "blk-a2"]);
  });

  it("a redelivery that succeeds releases the key", async () => {
    const ep = await orderedEndpoint("/block-redeliver", "BLOCK");
    let failing = true;
    receiver.respond("/block-redeliver", () => ({ status: failing ? 503 : 200 }));
    await publish("rdl-0", "R");
    await publish("rdl-1", "R");
    await eventually("rdl-0 FAILED", async () => (await deliveriesOf(ep.id)).get("rdl-0")?.status === "FAILED", 20_000);
    expect(arrivals("/block-redeliver")).toEqual(["rdl-0", "rdl-0"]);
    failing = false;
    await org.client.request(OrderingRedeliverDocument, { deliveryId: (await deliveriesOf(ep.id)).get("rdl-0")!.id });
    await receiver.waitFor(() => arrivals("/block-redeliver").includes("rdl-1"));
    expect(arrivals("/block-redeliver")).toEqual(["rdl-0", "rdl-0", "rdl-0", "rdl-1"]);
  });

  it("skipDelivery refuses a delivery that holds no line, and another organization's", async () => {
    const ep = await orderedEndpoint("/skip-refused", "BLOCK");
    await publish("skr-0", "S");
    await receiver.waitFor(() => arrivals("/skip-refused").includes("skr-0"));
    await eventually("skr-0 SUCCEEDED", async () => (await deliveriesOf(ep.id)).get("skr-0")?.status === "SUCCEEDED");
    const id = (await deliveriesOf(ep.id)).get("skr-0")!.id;
    const refused = await org.client.execute(OrderingSkipDeliveryDocument, { deliveryId: id });
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const other = await createTestOrg(`http://127.0.0.1:${herald.port}/graphql`, "Other");
    const foreign = await other.client.execute(OrderingSkipDeliveryDocument, { deliveryId: id });
    expect(foreign.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("onFailure SKIP", () => {
  it("lets the key's next event go once a delivery FAILED", async () => {
    const ep = await orderedEndpoint("/skip", "SKIP");
    receiver.respond("/skip", (req) => ((JSON.parse(req.body.toString()) as { id: string }).id === "skp-0" ? { status: 500 } : { status: 200 }));
    await publish("skp-0", "K");
    await publish("skp-1", "K");
    await receiver.waitFor(() => arrivals("/skip").includes("skp-1"), 20_000);
    expect(arrivals("/skip")).toEqual(["skp-0", "skp-0", "skp-1"]);
    const rows = await deliveriesOf(ep.id);
    expect(rows.get("skp-0")).toMatchObject({ status: "FAILED", blocksLine: false });
  });
});

describe("an ordered endpoint while disabled", () => {
  it("holds its keys' events and, enabled, sends each key's in publish order", async () => {
    const ep = await orderedEndpoint("/held-ordered", "SKIP");
    // Random answer times: jobs sent side by side would overtake each other.
    receiver.respond("/held-ordered", () => ({ status: 200, delayMs: Math.floor(Math.random() * 80) }));
    await org.client.request(OrderingDisableEndpointDocument, { id: ep.id });
    const keys = ["H1", "H2", "H3", "H4"];
    for (let i = 0; i < 10; i++) await Promise.all(keys.map((key) => publish(`hld-${key}-${i}`, key)));
    await eventually("40 held", async () => [...(await deliveriesOf(ep.id)).values()].filter((d) => d.status === "HELD").length === 40);
    expect(arrivals("/held-ordered")).toEqual([]);
    await org.client.request(OrderingEnableEndpointDocument, { id: ep.id });
    await receiver.waitFor(() => arrivals("/held-ordered").length >= 40, 30_000);
    for (const key of keys) {
      expect(arrivals("/held-ordered").filter((id) => id.startsWith(`hld-${key}-`))).toEqual(Array.from({ length: 10 }, (_, i) => `hld-${key}-${i}`));
    }
  });
});
