import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret } from "../../src/rules/secret-key.ts";
import {
  CreateEndpointDocument,
  CreateEventTypeDocument,
  DeliveriesDocument,
  DeliveryDocument,
  EndpointSecretDocument,
  EventDocument,
  EventsDocument,
  PublishEventDocument,
  PublishEventWithDeliveriesDocument,
  RedeliverDocument,
  ReplayEventsDocument,
  RotateEndpointSecretDocument,
  SendTestEventDocument,
  UpdateEndpointDocument,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { TestReceiver, type ReceivedRequest } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// The operations that make Herald deliver, end to end: API and workers in one process
// (role "all"), a real receiver on loopback.
let cp: ControlPlane;
let org: TestOrg;
let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await new TestReceiver().start();
  cp = await startControlPlane({ HERALD_ROLE: "all", RETRY_SCHEDULE: "1,1", DELIVERY_TIMEOUT_MS: "1000" });
  org = await createTestOrg(cp, "Ops");
  await org.client.request(CreateEventTypeDocument, {
    input: { name: "order.paid", schema: { type: "object", required: ["total"], properties: { total: { type: "string", example: "149.99" } } } },
  });
});

afterAll(async () => {
  await cp?.stop();
  await receiver?.stop();
});

async function endpointAt(path: string, eventTypes = ["*"]) {
  const { createEndpoint } = await org.client.request(CreateEndpointDocument, { input: { url: receiver.url(path), eventTypes } });
  const { endpointSecret } = await org.client.request(EndpointSecretDocument, { endpointId: createEndpoint.id });
  return { id: createEndpoint.id, secret: endpointSecret.key };
}

function verify(secret: string, req: ReceivedRequest) {
  return new Webhook(secret).verify(req.body.toString(), {
    "webhook-id": String(req.headers["webhook-id"]),
    "webhook-timestamp": String(req.headers["webhook-timestamp"]),
    "webhook-signature": String(req.headers["webhook-signature"]),
  });
}

const deliveryOf = (id: string) => org.client.request(DeliveryDocument, { id, attemptsFirst: 20 }).then((r) => r.delivery);

describe("publishEvent", () => {
  it("accepts an event, which is stored and delivered signed to matching endpoints", async () => {
    const ep = await endpointAt("/publish", ["order.*"]);
    const { publishEvent } = await org.client.request(PublishEventDocument, {
      input: { type: "order.paid", data: { total: "149.99", currencyCode: "EUR" }, timestamp: "2024-12-01T09:20:00Z" },
    });
    expect(publishEvent).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: "order.paid",
      timestamp: "2024-12-01T09:20:00.000Z",
      data: { total: "149.99", currencyCode: "EUR" },
    });
    await receiver.waitFor(() => receiver.on("/publish").length === 1);
    const req = receiver.on("/publish")[0]!;
    expect(req.body.toString()).toBe(publishEvent.payload);
    expect(req.headers["webhook-id"]).toBe(publishEvent.id);
    expect(verify(ep.secret, req)).toMatchObject({ type: "order.paid" });

    const stored = await eventually("event stored", async () => (await org.client.execute(EventDocument, { id: publishEvent.id })).data?.event);
    expect(stored.payload).toBe(publishEvent.payload);
    const delivery = await eventually("delivery succeeded", async () => {
      const { deliveries } = await org.client.request(DeliveriesDocument, { eventId: publishEvent.id });
      return deliveries.edges[0]?.node.status === "SUCCEEDED" && deliveries.edges[0].node;
    });
    expect(delivery.endpointId).toBe(ep.id);
  });

  it("returns the stored event with its deliveries when ingest keeps up", async () => {
    const ep = await endpointAt("/publish-rows", ["shipment.*"]);
    const { publishEvent } = await org.client.request(PublishEventWithDeliveriesDocument, { input: { type: "shipment.sent", data: {} } });
    expect(publishEvent.deliveries.edges.map((e) => e.node.endpointId)).toEqual([ep.id]);
  });

  it("treats a repeated id as the same event", async () => {
    await endpointAt("/idempotent", ["invoice.*"]);
    for (let i = 0; i < 2; i++) {
      await org.client.request(PublishEventDocument, { input: { id: "inv_777", type: "invoice.sent", data: { n: 1 } } });
    }
    await receiver.waitFor(() => receiver.on("/idempotent").length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.on("/idempotent")).toHaveLength(1);
    const { events } = await org.client.request(EventsDocument, { type: "invoice.sent" });
    expect(events.edges.map((e) => e.node.id)).toEqual(["inv_777"]);
  });

  it.each([
    ["a malformed type", { type: "order paid", data: {} }, ["input", "type"]],
    ["data that is not an object", { type: "order.created", data: [1, 2] }, ["input", "data"]],
    ["a malformed id", { type: "order.created", data: {}, id: "has.dots" }, ["input", "id"]],
    ["data violating the type's schema", { type: "order.paid", data: { total: 149.99 } }, ["input", "data"]],
  ])("refuses %s with BAD_USER_INPUT naming the field", async (_name, input, path) => {
    const error = await org.client.fail("BAD_USER_INPUT", PublishEventDocument, { input });
    expect(error.extensions?.issues?.[0]?.path).toEqual(path);
  });
});

describe("sendTestEvent", () => {
  it("delivers an example event to that endpoint alone, as a TEST attempt", async () => {
    const ep = await endpointAt("/test-target");
    await endpointAt("/bystander");
    const { sendTestEvent } = await org.client.request(SendTestEventDocument, { endpointId: ep.id, eventType: "order.paid" });
    expect(sendTestEvent).toMatchObject({ id: expect.stringMatching(/^dlv_/), endpointId: ep.id, eventType: "order.paid" });
    await receiver.waitFor(() => receiver.on("/test-target").length === 1);
    const req = receiver.on("/test-target")[0]!;
    expect(verify(ep.secret, req)).toMatchObject({ type: "order.paid", data: { total: "149.99" } });
    const done = await eventually("test delivery succeeded", async () => {
      const d = await deliveryOf(sendTestEvent.id);
      return d.status === "SUCCEEDED" && d;
    });
    expect(done.attempts.edges.map((e) => e.node.trigger)).toEqual(["TEST"]);
    expect(receiver.on("/bystander")).toHaveLength(0);
  });

  it("answers NOT_FOUND for an unknown endpoint", async () => {
    await org.client.fail("NOT_FOUND", SendTestEventDocument, { endpointId: "ep_nope", eventType: "order.paid" });
  });

  it("refuses a malformed event type with BAD_USER_INPUT naming it", async () => {
    const ep = await endpointAt("/test-bad-type");
    const error = await org.client.fail("BAD_USER_INPUT", SendTestEventDocument, { endpointId: ep.id, eventType: "no spaces..allowed" });
    expect(error.extensions?.issues?.[0]?.path).toEqual(["eventType"]);
  });
});

describe("rotateEndpointSecret", () => {
  it("signs with old and new secret during the grace period, and with the new one alone after it", async () => {
    const ep = await endpointAt("/rotating");
    const { rotateEndpointSecret } = await org.client.request(RotateEndpointSecretDocument, { id: ep.id, graceSeconds: 3600 });
    await org.client.request(SendTestEventDocument, { endpointId: ep.id, eventType: "order.paid" });
    await receiver.waitFor(() => receiver.on("/rotating").length === 1);
    const during = receiver.on("/rotating")[0]!;
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(() => verify(ep.secret, during)).not.toThrow();
    expect(() => verify(rotateEndpointSecret.key, during)).not.toThrow();

    const again = await org.client.request(RotateEndpointSecretDocument, { id: ep.id, graceSeconds: 0 });
    await org.client.request(SendTestEventDocument, { endpointId: ep.id, eventType: "order.paid" });
    await receiver.waitFor(() => receiver.on("/rotating").length === 2);
    const after = receiver.on("/rotating")[1]!;
    expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(() => verify(again.rotateEndpointSecret.key, after)).not.toThrow();
    expect(() => verify(rotateEndpointSecret.key, after)).toThrow();
    expect(() => verify(ep.secret, after)).toThrow();
  });
});

describe("updateEndpoint with a secret", () => {
  const signatures = (req: ReceivedRequest) => String(req.headers["webhook-signature"]).split(" ");

  async function setSecret(id: string) {
    const secret = generateSecret();
    await org.client.request(UpdateEndpointDocument, { id, input: { secret } });
    expect((await org.client.request(EndpointSecretDocument, { endpointId: id })).endpointSecret.key).toBe(secret);
    return secret;
  }

  // Each test delivers once before the change, so the worker holds the endpoint in its cache.
  it("signs the next delivery with the new secret alone", async () => {
    const ep = await endpointAt("/set-secret", ["secretset.*"]);
    await org.client.request(PublishEventDocument, { input: { type: "secretset.before", data: {} } });
    await receiver.waitFor(() => receiver.on("/set-secret").length === 1);
    expect(() => verify(ep.secret, receiver.on("/set-secret")[0]!)).not.toThrow();

    const secret = await setSecret(ep.id);
    await org.client.request(PublishEventDocument, { input: { type: "secretset.after", data: {} } });
    await receiver.waitFor(() => receiver.on("/set-secret").length === 2);
    const after = receiver.on("/set-secret")[1]!;
    expect(signatures(after)).toEqual([expect.stringMatching(/^v1,/)]);
    expect(verify(secret, after)).toMatchObject({ type: "secretset.after" });
    expect(() => verify(ep.secret, after)).toThrow();
  });

  it("ends a running rotation's grace period: neither earlier secret signs any more", async () => {
    const ep = await endpointAt("/set-during-rotation");
    const { rotateEndpointSecret } = await org.client.request(RotateEndpointSecretDocument, { id: ep.id, graceSeconds: 3600 });
    await org.client.request(SendTestEventDocument, { endpointId: ep.id, eventType: "order.paid" });
    await receiver.waitFor(() => receiver.on("/set-during-rotation").length === 1);
    expect(signatures(receiver.on("/set-during-rotation")[0]!)).toHaveLength(2);

    const secret = await setSecret(ep.id);
    await org.client.request(SendTestEventDocument, { endpointId: ep.id, eventType: "order.paid" });
    await receiver.waitFor(() => receiver.on("/set-during-rotation").length === 2);
    const after = receiver.on("/set-during-rotation")[1]!;
    expect(signatures(after)).toEqual([expect.stringMatching(/^v1,/)]);
    expect(verify(secret, after)).toMatchObject({ type: "order.paid" });
    expect(() => verify(rotateEndpointSecret.key, after)).toThrow();
    expect(() => verify(ep.secret, after)).toThrow();
  });
});

describe("redeliver", () => {
  it("sends the same body with the same webhook-id again, as a MANUAL attempt", async () => {
    await endpointAt("/redeliver", ["order.paid"]);
    const { publishEvent } = await org.client.request(PublishEventDocument, { input: { type: "order.paid", data: { total: "1.00" } } });
    await receiver.waitFor(() => receiver.on("/redeliver").length === 1);
    const first = await eventually("delivered", async () => {
      const { deliveries } = await org.client.request(DeliveriesDocument, { eventId: publishEvent.id });
      return deliveries.edges[0]?.node.status === "SUCCEEDED" && deliveries.edges[0].node;
    });
    const { redeliver } = await org.client.request(RedeliverDocument, { deliveryId: first.id });
    expect(redeliver.id).toBe(first.id);
    await receiver.waitFor(() => receiver.on("/redeliver").length === 2);
    const [a, b] = receiver.on("/redeliver");
    expect(b!.headers["webhook-id"]).toBe(a!.headers["webhook-id"]);
    expect(b!.body.equals(a!.body)).toBe(true);
    const after = await eventually("manual attempt recorded", async () => {
      const d = await deliveryOf(first.id);
      return d.attempts.edges.length === 2 && d.status === "SUCCEEDED" && d;
    });
    expect(after.attempts.edges.map((e) => e.node.trigger)).toEqual(["MANUAL", "INITIAL"]);
    expect(after.attempts.edges.map((e) => e.node.attemptNumber)).toEqual([2, 1]);
  });

  it("answers NOT_FOUND for an unknown delivery", async () => {
    await org.client.fail("NOT_FOUND", RedeliverDocument, { deliveryId: "dlv_nope" });
  });
});

describe("replayEvents", () => {
  it("re-queues the failed deliveries of a time window, or all of them", async () => {
    let healthy = false;
    receiver.respond("/replay", () => ({ status: healthy ? 200 : 400, body: healthy ? "ok" : "bad" }));
    const ep = await endpointAt("/replay", ["shipment.*"]);
    const since = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 3; i++) await org.client.request(PublishEventDocument, { input: { type: "shipment.sent", data: { i } } });
    // 400 is a permanent failure: no retries, the deliveries end FAILED.
    await eventually("three failed deliveries", async () => {
      const { deliveries } = await org.client.request(DeliveriesDocument, { endpointId: ep.id, status: "FAILED" });
      return deliveries.edges.length === 3;
    });
    healthy = true;
    const { replayEvents } = await org.client.request(ReplayEventsDocument, { endpointId: ep.id, since });
    expect(replayEvents.count).toBe(3);
    await eventually("all replayed successfully", async () => {
      const { deliveries } = await org.client.request(DeliveriesDocument, { endpointId: ep.id, status: "SUCCEEDED" });
      return deliveries.edges.length === 3;
    });
    expect(receiver.on("/replay")).toHaveLength(6);
    const { deliveries } = await org.client.request(DeliveriesDocument, { endpointId: ep.id });
    const replayed = await deliveryOf(deliveries.edges[0]!.node.id);
    expect(replayed.attempts.edges[0]!.node.trigger).toBe("REPLAY");

    // Nothing failed any more: only an explicit onlyFailed: false re-sends them.
    expect((await org.client.request(ReplayEventsDocument, { endpointId: ep.id, since })).replayEvents.count).toBe(0);
    expect((await org.client.request(ReplayEventsDocument, { endpointId: ep.id, since, onlyFailed: false })).replayEvents.count).toBe(3);
    await receiver.waitFor(() => receiver.on("/replay").length === 9);
    // A window in the past holds nothing.
    const past = await org.client.request(ReplayEventsDocument, {
      endpointId: ep.id,
      since: "2020-01-01T00:00:00Z",
      until: "2020-01-02T00:00:00Z",
      onlyFailed: false,
    });
    expect(past.replayEvents.count).toBe(0);
  });

  it("refuses an empty window and answers NOT_FOUND for an unknown endpoint", async () => {
    const ep = await endpointAt("/replay-args");
    const error = await org.client.fail("BAD_USER_INPUT", ReplayEventsDocument, {
      endpointId: ep.id,
      since: "2025-01-02T00:00:00Z",
      until: "2025-01-01T00:00:00Z",
    });
    expect(error.extensions?.issues?.[0]?.path).toEqual(["until"]);
    await org.client.fail("NOT_FOUND", ReplayEventsDocument, { endpointId: "ep_nope", since: "2025-01-01T00:00:00Z" });
  });

  it("refuses a malformed date with BAD_USER_INPUT", async () => {
    const ep = await endpointAt("/replay-date");
    const error = await org.client.fail("BAD_USER_INPUT", ReplayEventsDocument, { endpointId: ep.id, since: "yesterday" });
    expect(error.message).toMatch(/since.*DateTime must be an ISO-8601 string/);
  });
});
