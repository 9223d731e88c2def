import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/rules/ids.ts";
import {
  CreateEndpointDocument,
  DeliveriesDocument,
  DeliveryDocument,
  DeliveryLogPageDocument,
  EventDocument,
  EventsDocument,
  RejectedMessagesDocument,
  type DeliveriesQueryVariables,
  type DeliveryLogPageQuery,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { storeDelivery as seedDelivery, storeEvent as seedEvent } from "../harness/seed.ts";
import { capturedStatements } from "../harness/sql-capture.ts";

let cp: ControlPlane;
let org: TestOrg;

beforeAll(async () => {
  cp = await startControlPlane();
  org = await createTestOrg(cp, "Log");
});

afterAll(async () => {
  await cp?.stop();
});

const prisma = () => cp.herald.services.db.prisma;

const storeEvent = (organizationId: string, type: string, data: Record<string, unknown>, id?: string, createdAt?: Date) =>
  seedEvent(prisma(), organizationId, { type, data, id, createdAt });
const storeDelivery = (organizationId: string, endpointId: string, eventId: string, status: "PENDING" | "SUCCEEDED" | "FAILED", attempts: number) =>
  seedDelivery(prisma(), organizationId, endpointId, eventId, status, attempts);

async function endpoint(o: TestOrg, path = "/hook") {
  const { createEndpoint } = await o.client.request(CreateEndpointDocument, { input: { url: `http://127.0.0.1:9${path}`, eventTypes: ["*"] } });
  return createEndpoint.id;
}

describe("events", () => {
  it("reads an event with its data, exact payload and deliveries", async () => {
    const ep = await endpoint(org);
    const event = await storeEvent(org.id, "order.created", { total: "149.99", currencyCode: "EUR" }, "ord_1001");
    const dlv = await storeDelivery(org.id, ep, event.id, "SUCCEEDED", 1);
    const res = await org.client.request(EventDocument, { id: "ord_1001" });
    expect(res.event).toMatchObject({
      id: "ord_1001",
      type: "order.created",
      timestamp: "2024-12-01T09:20:00.000Z",
      data: { total: "149.99", currencyCode: "EUR" },
      payload: event.payload,
    });
    expect(res.event.deliveries.edges.map((e) => e.node)).toEqual([{ id: dlv, status: "SUCCEEDED", endpointId: ep }]);
    await org.client.fail("NOT_FOUND", EventDocument, { id: "ord_missing" });
  });

  it("lists events newest first, filtered by type and time, with cursors", async () => {
    const o = await createTestOrg(cp, "Events");
    const t0 = Date.parse("2025-01-01T00:00:00Z");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = await storeEvent(o.id, i % 2 ? "user.created" : "order.created", { i }, undefined, new Date(t0 + i * 60_000));
      ids.push(e.id);
    }
    const all = await o.client.request(EventsDocument, { first: 3 });
    expect(all.events.edges.map((e) => e.node.id)).toEqual([ids[4], ids[3], ids[2]]);
    const rest = await o.client.request(EventsDocument, { first: 3, after: all.events.pageInfo.endCursor });
    expect(rest.events.edges.map((e) => e.node.id)).toEqual([ids[1], ids[0]]);
    expect(rest.events.pageInfo.hasNextPage).toBe(false);

    const orders = await o.client.request(EventsDocument, { type: "order.created" });
    expect(orders.events.edges.map((e) => e.node.id)).toEqual([ids[4], ids[2], ids[0]]);
    const window = await o.client.request(EventsDocument, {
      since: new Date(t0 + 60_000).toISOString(),
      until: new Date(t0 + 3 * 60_000).toISOString(),
    });
    expect(window.events.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1]]);
  });
});

describe("deliveries", () => {
  it("reads a delivery with its endpoint, event and attempts newest first", async () => {
    const ep = await endpoint(org);
    const event = await storeEvent(org.id, "order.created", { n: 1 });
    const id = await storeDelivery(org.id, ep, event.id, "SUCCEEDED", 3);
    const { delivery } = await org.client.request(DeliveryDocument, { id, attemptsFirst: 2 });
    expect(delivery).toMatchObject({ id, status: "SUCCEEDED", attemptCount: 3, eventType: "order.created", endpointId: ep, eventId: event.id });
    expect(delivery.endpoint.id).toBe(ep);
    expect(delivery.event).toMatchObject({ id: event.id, data: { n: 1 } });
    expect(delivery.attempts.edges.map((e) => e.node.attemptNumber)).toEqual([3, 2]);
    expect(delivery.attempts.edges[0]!.node).toMatchObject({
      trigger: "RETRY",
      responseStatus: 200,
      responseBody: "ok",
      error: null,
      durationMs: 30,
      deliveryId: id,
    });
    expect(delivery.attempts.edges[1]!.node).toMatchObject({ responseStatus: null, error: "TIMEOUT", errorMessage: "no response within 2000 ms" });
    const more = await org.client.request(DeliveryDocument, { id, attemptsFirst: 2, attemptsAfter: delivery.attempts.pageInfo.endCursor });
    expect(more.delivery.attempts.edges.map((e) => e.node)).toMatchObject([{ attemptNumber: 1, trigger: "INITIAL", responseStatus: 503 }]);
    await org.client.fail("NOT_FOUND", DeliveryDocument, { id: "dlv_missing" });
  });

  it("filters the log by endpoint, event and status", async () => {
    const o = await createTestOrg(cp, "Filters");
    const a = await endpoint(o, "/a");
    const b = await endpoint(o, "/b");
    const e1 = await storeEvent(o.id, "order.created", {});
    const e2 = await storeEvent(o.id, "order.created", {});
    const d1 = await storeDelivery(o.id, a, e1.id, "SUCCEEDED", 1);
    const d2 = await storeDelivery(o.id, b, e1.id, "FAILED", 2);
    const d3 = await storeDelivery(o.id, a, e2.id, "PENDING", 0);
    const ids = async (vars: DeliveriesQueryVariables) => (await o.client.request(DeliveriesDocument, vars)).deliveries.edges.map((e) => e.node.id);
    expect(await ids({})).toEqual([d3, d2, d1]);
    expect(await ids({ endpointId: a })).toEqual([d3, d1]);
    expect(await ids({ eventId: e1.id })).toEqual([d2, d1]);
    expect(await ids({ status: "FAILED" })).toEqual([d2]);
    expect(await ids({ endpointId: a, status: "PENDING" })).toEqual([d3]);
    const page = await o.client.request(DeliveriesDocument, { first: 2 });
    expect(page.deliveries.pageInfo.hasNextPage).toBe(true);
    expect(
      (await o.client.request(DeliveriesDocument, { first: 2, after: page.deliveries.pageInfo.endCursor })).deliveries.edges.map((e) => e.node.id),
    ).toEqual([d1]);
  });

  it("loads a 50-row log page with its endpoints, events and attempts in a constant number of queries", async () => {
    const o = await createTestOrg(cp, "Busy");
    const endpoints = await Promise.all([endpoint(o, "/1"), endpoint(o, "/2"), endpoint(o, "/3")]);
    for (let i = 0; i < 60; i++) {
      const e = await storeEvent(o.id, "order.created", { i });
      await storeDelivery(o.id, endpoints[i % 3]!, e.id, i % 4 ? "SUCCEEDED" : "FAILED", 1 + (i % 3));
    }
    let page: DeliveryLogPageQuery | undefined;
    const statements = await capturedStatements(cp.herald.services.db.pool, async () => {
      page = await o.client.request(DeliveryLogPageDocument, { first: 50 });
    });
    const nodes = page!.deliveries.edges.map((e) => e.node);
    expect(nodes).toHaveLength(50);
    expect(nodes.every((n) => n.endpoint.id === n.endpointId && n.event.id === n.eventId && n.attempts.edges.length === n.attemptCount)).toBe(true);
    // One statement per table however many rows the page has: a diff here is an N+1.
    const tables = statements.map((sql) => /FROM "public"\."(\w+)"/.exec(sql)?.[1]);
    expect(tables, statements.join("\n")).toEqual(["api_keys", "deliveries", "endpoints", "events", "delivery_attempts"]);
  });
});

describe("rejected messages", () => {
  it("lists this organization's rejected messages only, newest first, with a readable excerpt", async () => {
    const o = await createTestOrg(cp, "Rejects");
    const other = await createTestOrg(cp, "Others");
    const mine: string[] = [];
    for (const [organizationId, reason] of [
      [o.id, "not JSON"],
      [other.id, "schema mismatch"],
      [null, "unknown organization"],
      [o.id, "missing field type"],
    ] as const) {
      const id = newId("rej");
      await prisma().rejectedMessage.create({
        data: {
          id,
          organizationId,
          subject: `events.${organizationId ?? "org_nope"}.x`,
          reason,
          excerpt: new Uint8Array(Buffer.from(`{"broken": ${reason}`)),
          size: 1234,
        },
      });
      if (organizationId === o.id) mine.push(id);
    }
    const { rejectedMessages } = await o.client.request(RejectedMessagesDocument, { first: 10 });
    expect(rejectedMessages.edges.map((e) => e.node.id)).toEqual([...mine].reverse());
    expect(rejectedMessages.edges[0]!.node).toMatchObject({
      reason: "missing field type",
      size: 1234,
      excerpt: '{"broken": missing field type',
      subject: `events.${o.id}.x`,
    });
  });
});
