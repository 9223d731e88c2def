import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiKeysDocument,
  CreateEndpointDocument,
  DeleteEndpointDocument,
  DeliveriesDocument,
  DeliveryDocument,
  DisableEndpointDocument,
  EnableEndpointDocument,
  EndpointDeliveriesDocument,
  EndpointDocument,
  EndpointSecretDocument,
  EndpointsDocument,
  EventDocument,
  EventsDocument,
  EventTypesDocument,
  RedeliverDocument,
  RejectedMessagesDocument,
  ReplayEventsDocument,
  RevokeApiKeyDocument,
  RotateEndpointSecretDocument,
  SendTestEventDocument,
  UpdateEndpointDocument,
  ViewerDocument,
} from "../generated/graphql.ts";
import { startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { storeEvent } from "../harness/seed.ts";
import { seedTenantPair, type TenantPair } from "../harness/tenants.ts";

// Two tenants on one Herald: every read and write B makes on A's ids must answer NOT_FOUND,
// exactly as for ids that never existed, and leave A's objects untouched.
let cp: ControlPlane;
let a: TestOrg;
let b: TestOrg;
let A: TenantPair["A"];

beforeAll(async () => {
  cp = await startControlPlane();
  ({ a, b, A } = await seedTenantPair(cp, "ord_42"));
  // Both tenants use the same producer id: ids are per organization.
  await storeEvent(cp.herald.services.db.prisma, b.id, { id: "ord_42", data: { owner: "B" } });
});

afterAll(async () => {
  await cp?.stop();
});

describe("another organization's objects are NOT_FOUND", () => {
  it("for reads", async () => {
    await b.client.fail("NOT_FOUND", EndpointDocument, { id: A.endpoint });
    await b.client.fail("NOT_FOUND", EndpointDeliveriesDocument, { id: A.endpoint });
    await b.client.fail("NOT_FOUND", EndpointSecretDocument, { endpointId: A.endpoint });
    await b.client.fail("NOT_FOUND", DeliveryDocument, { id: A.delivery });
  });

  it("for writes", async () => {
    await b.client.fail("NOT_FOUND", UpdateEndpointDocument, { id: A.endpoint, input: { url: "http://127.0.0.1:9/stolen" } });
    await b.client.fail("NOT_FOUND", DisableEndpointDocument, { id: A.endpoint, reason: "x" });
    await b.client.fail("NOT_FOUND", EnableEndpointDocument, { id: A.endpoint });
    await b.client.fail("NOT_FOUND", RotateEndpointSecretDocument, { id: A.endpoint });
    await b.client.fail("NOT_FOUND", DeleteEndpointDocument, { id: A.endpoint });
    await b.client.fail("NOT_FOUND", RevokeApiKeyDocument, { id: a.apiKeyId });
  });

  it("for operations", async () => {
    await b.client.fail("NOT_FOUND", RedeliverDocument, { deliveryId: A.delivery });
    await b.client.fail("NOT_FOUND", ReplayEventsDocument, { endpointId: A.endpoint, since: new Date(0).toISOString() });
    await b.client.fail("NOT_FOUND", SendTestEventDocument, { endpointId: A.endpoint, eventType: "a.private" });
  });

  it("with the same answer as for ids that never existed", async () => {
    const theirs = await b.client.fail("NOT_FOUND", EndpointDocument, { id: A.endpoint });
    const nobody = await b.client.fail("NOT_FOUND", EndpointDocument, { id: "ep_01JZZZZZZZZZZZZZZZZZZZZZZZ" });
    expect(theirs.message.replace(A.endpoint, "<id>")).toBe(nobody.message.replace("ep_01JZZZZZZZZZZZZZZZZZZZZZZZ", "<id>"));
  });

  it("and left A's objects exactly as they were", async () => {
    const { endpoint } = await a.client.request(EndpointDocument, { id: A.endpoint });
    expect(endpoint).toMatchObject({ url: "http://127.0.0.1:9/a", status: "ENABLED", deletedAt: null });
    expect((await a.client.request(EndpointSecretDocument, { endpointId: A.endpoint })).endpointSecret.key).toBe(A.secret);
    expect((await a.client.request(DeliveryDocument, { id: A.delivery })).delivery.status).toBe("FAILED");
    expect((await a.client.request(ViewerDocument)).viewer.organization.id).toBe(a.id);
  });
});

describe("lists and lookups only ever show the caller's own objects", () => {
  it("events: the same producer id resolves to each tenant's own event", async () => {
    expect((await a.client.request(EventDocument, { id: "ord_42" })).event.data).toEqual({ owner: "A" });
    const mine = await b.client.request(EventDocument, { id: "ord_42" });
    expect(mine.event.data).toEqual({ owner: "B" });
    expect(mine.event.deliveries.edges).toEqual([]);
    expect((await b.client.request(EventsDocument, {})).events.edges.map((e) => e.node.data)).toEqual([{ owner: "B" }]);
  });

  it("endpoints, deliveries, event types, keys and rejected messages", async () => {
    expect((await b.client.request(EndpointsDocument, {})).endpoints.edges).toEqual([]);
    expect((await b.client.request(DeliveriesDocument, {})).deliveries.edges).toEqual([]);
    expect((await b.client.request(DeliveriesDocument, { endpointId: A.endpoint })).deliveries.edges).toEqual([]);
    expect((await b.client.request(DeliveriesDocument, { eventId: A.event })).deliveries.edges).toEqual([]);
    expect((await b.client.request(EventTypesDocument)).eventTypes).toEqual([]);
    expect((await b.client.request(ApiKeysDocument, {})).apiKeys.edges.map((e) => e.node.id)).toEqual([b.apiKeyId]);
    expect((await b.client.request(RejectedMessagesDocument, {})).rejectedMessages.edges).toEqual([]);
    expect((await a.client.request(RejectedMessagesDocument, {})).rejectedMessages.edges).toHaveLength(1);
  });

  it("another tenant's event type names are unknown when subscribing", async () => {
    const error = await b.client.fail("BAD_USER_INPUT", CreateEndpointDocument, { input: { url: "http://127.0.0.1:9/b", eventTypes: ["a.private"] } });
    expect(error.extensions?.issues?.[0]?.path).toEqual(["input", "eventTypes", "0"]);
  });
});
