import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateEndpointDocument,
  DeliveryAttemptsDocument,
  DeliveryDocument,
  DeliveryUpdatedDocument,
  DisableEndpointDocument,
  PublishEventDocument,
} from "../generated/graphql.ts";
import { startLiveStack, type LiveStack } from "../harness/live-stack.ts";
import type { TestReceiver } from "../harness/receiver.ts";

// Live feeds across processes (see startLiveStack).
let stack: LiveStack;
let receiver: TestReceiver;
const tenant = (name: string) => stack.tenant(name);
const liveClient = (token?: string) => stack.liveClient(token);

// graphql-ws does not acknowledge a subscription, so give the server a moment to register it.
const settle = () => new Promise((r) => setTimeout(r, 400));

beforeAll(async () => {
  stack = await startLiveStack();
  ({ receiver } = stack);
});

afterAll(async () => {
  await stack?.stop();
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
    // Settled by its first attempt, the delivery's row is born SUCCEEDED: one update.
    const statuses = await updates.waitFor(1);
    expect(statuses.map((u) => u.deliveryUpdated.status)).toEqual(["SUCCEEDED"]);
    expect(statuses[0]!.deliveryUpdated).toMatchObject({
      id: attempt!.deliveryAttempts.deliveryId,
      eventType: "order.created",
      endpoint: { id: createEndpoint.id },
    });
    // The update is built from the attempt-log write, not read back: it must say what the row says.
    const { delivery } = await a.client.request(DeliveryDocument, { id: attempt!.deliveryAttempts.deliveryId });
    const { endpoint: _live, ...live } = statuses[0]!.deliveryUpdated;
    const { endpoint: _stored, event: _event, attempts: _attempts, ...stored } = delivery!;
    expect(live).toEqual(stored);
    expect(live).toMatchObject({ attemptCount: 1, nextAttemptAt: null, lastAttemptAt: live.createdAt, updatedAt: live.createdAt });

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

  it("tells subscribers about deliveries held by disabling their endpoint", async () => {
    const a = await tenant("Cancelled");
    receiver.respond("/stuck", () => "hang");
    const { createEndpoint } = await a.client.request(CreateEndpointDocument, { input: { url: receiver.url("/stuck"), eventTypes: ["*"] } });
    const updates = liveClient(a.token).subscribe(DeliveryUpdatedDocument, { endpointId: createEndpoint.id });
    await settle();
    await a.client.request(PublishEventDocument, { input: { type: "order.created", data: {} } });
    await updates.waitFor(1);
    await a.client.request(DisableEndpointDocument, { id: createEndpoint.id, reason: "receiver stuck" });
    await updates.until((received) => received.some((u) => u.deliveryUpdated.status === "HELD"));
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
