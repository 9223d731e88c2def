import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type RunningHerald } from "../../src/herald.ts";
import { createLogger } from "../../src/log.ts";
import {
  CreateEndpointDocument,
  DeliveryAttemptsDocument,
  DeliveryUpdatedDocument,
  DisableEndpointDocument,
  PublishEventDocument,
} from "../generated/graphql.ts";
import { startTestServers, testConfig, TEST_ADMIN_TOKEN, type TestServers } from "../harness/env.ts";
import { createTenant, LiveClient, type Tenant } from "../harness/graphql-client.ts";
import { TestReceiver } from "../harness/receiver.ts";

// Live feeds across processes: an api-only Herald serves the subscriptions, a worker-only
// Herald makes the attempts, Redis carries the notices between them.
let servers: TestServers;
let api: RunningHerald;
let worker: RunningHerald;
let receiver: TestReceiver;
let url: string;
const live: LiveClient[] = [];

const tenant = (name: string): Promise<Tenant> => createTenant(url, TEST_ADMIN_TOKEN, name);

function liveClient(token?: string): LiveClient {
  const client = new LiveClient(url, token);
  live.push(client);
  return client;
}

// graphql-ws does not acknowledge a subscription, so give the server a moment to register it.
const settle = () => new Promise((r) => setTimeout(r, 400));

beforeAll(async () => {
  servers = await startTestServers({ redis: true });
  receiver = await new TestReceiver().start();
  api = await startHerald(testConfig(servers, { HERALD_ROLE: "api" }), createLogger("silent"));
  worker = await startHerald(testConfig(servers, { HERALD_ROLE: "worker" }), createLogger("silent"));
  url = `http://127.0.0.1:${api.port}/graphql`;
});

afterAll(async () => {
  await Promise.all(live.map((c) => c.close()));
  await api?.stop();
  await worker?.stop();
  await receiver?.stop();
  await servers?.stop();
});

describe("subscriptions", () => {
  it("streams a worker's attempts and status changes to the organization's subscribers only", async () => {
    const a = await tenant("Live A");
    const b = await tenant("Live B");
    const { createEndpoint } = await a.client.request(CreateEndpointDocument, { input: { url: receiver.url("/live"), eventTypes: ["*"] } });
    await b.client.request(CreateEndpointDocument, { input: { url: receiver.url("/live-b"), eventTypes: ["*"] } });

    const attempts = liveClient(a.token).subscribe(DeliveryAttemptsDocument, {});
    const updates = liveClient(a.token).subscribe(DeliveryUpdatedDocument, { endpointId: createEndpoint.id });
    const otherTenant = liveClient(b.token).subscribe(DeliveryAttemptsDocument, {});
    await settle();

    const { publishEvent } = await a.client.request(PublishEventDocument, { input: { type: "order.created", data: { total: "5.00" } } });
    const [attempt] = await attempts.waitFor(1);
    expect(attempt!.deliveryAttempts).toMatchObject({
      id: expect.stringMatching(/^att_/),
      attemptNumber: 1,
      trigger: "INITIAL",
      responseStatus: 200,
      endpointId: createEndpoint.id,
      eventId: publishEvent.id,
    });
    const statuses = await updates.waitFor(2);
    expect(statuses.map((u) => u.deliveryUpdated.status)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(statuses[1]!.deliveryUpdated).toMatchObject({ id: attempt!.deliveryAttempts.deliveryId, eventType: "order.created", endpoint: { id: createEndpoint.id } });

    await new Promise((r) => setTimeout(r, 300));
    expect(otherTenant.received).toEqual([]);
    expect(otherTenant.errors).toEqual([]);
  });

  it("filters by endpoint and event", async () => {
    const a = await tenant("Filtered");
    const one = await a.client.request(CreateEndpointDocument, { input: { url: receiver.url("/one"), eventTypes: ["*"] } });
    await a.client.request(CreateEndpointDocument, { input: { url: receiver.url("/two"), eventTypes: ["*"] } });
    const byEndpoint = liveClient(a.token).subscribe(DeliveryAttemptsDocument, { endpointId: one.createEndpoint.id });
    const byEvent = liveClient(a.token).subscribe(DeliveryAttemptsDocument, { eventId: "evt_watched" });
    await settle();

    await a.client.request(PublishEventDocument, { input: { id: "evt_other", type: "x.y", data: {} } });
    await a.client.request(PublishEventDocument, { input: { id: "evt_watched", type: "x.y", data: {} } });
    await byEndpoint.waitFor(2);
    await byEvent.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(byEndpoint.received.map((r) => r.deliveryAttempts.endpointId)).toEqual([one.createEndpoint.id, one.createEndpoint.id]);
    expect(new Set(byEvent.received.map((r) => r.deliveryAttempts.eventId))).toEqual(new Set(["evt_watched"]));
    expect(byEvent.received).toHaveLength(2);
  });

  it("tells subscribers about deliveries cancelled by disabling their endpoint", async () => {
    const a = await tenant("Cancelled");
    receiver.respond("/stuck", () => "hang");
    const { createEndpoint } = await a.client.request(CreateEndpointDocument, { input: { url: receiver.url("/stuck"), eventTypes: ["*"] } });
    const updates = liveClient(a.token).subscribe(DeliveryUpdatedDocument, { endpointId: createEndpoint.id });
    await settle();
    await a.client.request(PublishEventDocument, { input: { type: "order.created", data: {} } });
    await updates.waitFor(1);
    await a.client.request(DisableEndpointDocument, { id: createEndpoint.id, reason: "receiver stuck" });
    await updates.until((received) => received.some((u) => u.deliveryUpdated.status === "CANCELLED"));
  });

  it("closes connections without a valid key (4403) and refuses other tenants' endpoints", async () => {
    const a = await tenant("Owner");
    const b = await tenant("Snooper");
    const { createEndpoint } = await a.client.request(CreateEndpointDocument, { input: { url: receiver.url("/owned"), eventTypes: ["*"] } });

    const anonymous = liveClient().subscribe(DeliveryAttemptsDocument, {});
    const unknownKey = liveClient("sk_not_a_real_key").subscribe(DeliveryUpdatedDocument, {});
    const snooping = liveClient(b.token).subscribe(DeliveryAttemptsDocument, { endpointId: createEndpoint.id });
    expect((await anonymous.failure()).extensions?.closeCode).toBe(4403);
    expect((await unknownKey.failure()).extensions?.closeCode).toBe(4403);
    expect((await snooping.failure()).extensions?.code).toBe("NOT_FOUND");
    expect([...anonymous.received, ...unknownKey.received, ...snooping.received]).toEqual([]);
  });
});
