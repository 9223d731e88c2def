import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateEndpointDocument,
  DeleteEndpointDocument,
  DeliveryUpdatedDocument,
  PublishEventDocument,
  RedeliverDocument,
  ReplayEventsDocument,
  SendTestEventDocument,
  type DeliveryUpdatedSubscription,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { LiveClient, type LiveFeed } from "../harness/graphql-client.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// The schema promises a `deliveryUpdated` notice on every status change, whoever makes it:
// a worker's attempt, a mutation (redeliver, replay, test event, endpoint deletion) or the
// auto-disable of an endpoint that has failed too long.
let cp: ControlPlane;
let org: TestOrg;
let receiver: TestReceiver;
let live: LiveClient;

beforeAll(async () => {
  receiver = await new TestReceiver().start();
  cp = await startControlPlane({ HERALD_ROLE: "all", RETRY_SCHEDULE: "1,1,1,1,1,1", DELIVERY_TIMEOUT_MS: "1000", ENDPOINT_DISABLE_AFTER_HOURS: "0.0005" });
  org = await createTestOrg(cp, "Notices");
  live = new LiveClient(cp.anonymous.url, org.token);
});

afterAll(async () => {
  await live?.close();
  await cp?.stop();
  await receiver?.stop();
});

async function endpointAt(path: string, retrySchedule?: number[]) {
  const { createEndpoint } = await org.client.request(CreateEndpointDocument, { input: { url: receiver.url(path), eventTypes: ["*"], retrySchedule } });
  return createEndpoint.id;
}

/** The endpoint's delivery notices, once the server has registered the subscription (graphql-ws does not acknowledge it). */
async function watch(endpointId: string): Promise<LiveFeed<DeliveryUpdatedSubscription>> {
  const feed = live.subscribe(DeliveryUpdatedDocument, { endpointId });
  await new Promise((r) => setTimeout(r, 400));
  return feed;
}

const statusesOf = (feed: LiveFeed<DeliveryUpdatedSubscription>, deliveryId: string) =>
  feed.received.filter((u) => u.deliveryUpdated.id === deliveryId).map((u) => u.deliveryUpdated.status);

/** Publishes an event and returns the id of its delivery once that has succeeded. */
async function publishAndSettle(feed: LiveFeed<DeliveryUpdatedSubscription>): Promise<string> {
  const before = feed.received.length;
  await org.client.request(PublishEventDocument, { input: { type: "order.created", data: {} } });
  const received = await feed.until((r) => r.slice(before).some((u) => u.deliveryUpdated.status === "SUCCEEDED"));
  return received.slice(before).find((u) => u.deliveryUpdated.status === "SUCCEEDED")!.deliveryUpdated.id;
}

describe("deliveryUpdated", () => {
  it("tells of the PENDING a redeliver starts, then of its outcome", async () => {
    const endpointId = await endpointAt("/redeliver");
    const feed = await watch(endpointId);
    const deliveryId = await publishAndSettle(feed);
    const { redeliver } = await org.client.request(RedeliverDocument, { deliveryId });
    expect(redeliver.status).toBe("PENDING");
    await eventually("the redelivery settled", () => statusesOf(feed, deliveryId).length >= 3);
    expect(statusesOf(feed, deliveryId)).toEqual(["SUCCEEDED", "PENDING", "SUCCEEDED"]);
  });

  it("tells of the PENDING of every delivery a replay re-queues", async () => {
    const endpointId = await endpointAt("/replay");
    const since = new Date(Date.now() - 1_000).toISOString();
    const feed = await watch(endpointId);
    const first = await publishAndSettle(feed);
    const second = await publishAndSettle(feed);
    const { replayEvents } = await org.client.request(ReplayEventsDocument, { endpointId, since, onlyFailed: false });
    expect(replayEvents.count).toBe(2);
    for (const id of [first, second]) {
      await eventually(`the replay of ${id} settled`, () => statusesOf(feed, id).length >= 3);
      expect(statusesOf(feed, id)).toEqual(["SUCCEEDED", "PENDING", "SUCCEEDED"]);
    }
  });

  it("tells of the PENDING delivery a test event creates", async () => {
    const endpointId = await endpointAt("/test-event");
    const feed = await watch(endpointId);
    const { sendTestEvent } = await org.client.request(SendTestEventDocument, { endpointId, eventType: "ping.test" });
    await eventually("the test delivery settled", () => statusesOf(feed, sendTestEvent.id).length >= 2);
    expect(statusesOf(feed, sendTestEvent.id)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(feed.received[0]!.deliveryUpdated).toMatchObject({ ...sendTestEvent, endpoint: { id: endpointId } });
  });

  it("tells of every pending delivery cancelled when its endpoint is deleted", async () => {
    receiver.respond("/deleted", () => "hang");
    const endpointId = await endpointAt("/deleted");
    const feed = await watch(endpointId);
    await org.client.request(PublishEventDocument, { input: { type: "order.created", data: {} } });
    await org.client.request(PublishEventDocument, { input: { type: "order.created", data: {} } });
    // A first attempt still running is shown PENDING after a moment.
    await feed.waitFor(2);
    await org.client.request(DeleteEndpointDocument, { id: endpointId });
    const ids = new Set(feed.received.map((u) => u.deliveryUpdated.id));
    expect(ids.size).toBe(2);
    for (const id of ids) await eventually(`${id} cancelled`, () => statusesOf(feed, id).includes("CANCELLED"));
  });

  it("tells of the pending deliveries held when an endpoint is disabled for failing too long", async () => {
    receiver.respond("/failing", () => ({ status: 500 }));
    // The second attempt, 3 s after the first, finds the endpoint failing for longer than
    // ENDPOINT_DISABLE_AFTER_HOURS (1.8 s); the retry it schedules would only come a minute later.
    const endpointId = await endpointAt("/failing", [3, 60]);
    const feed = await watch(endpointId);
    await org.client.request(PublishEventDocument, { input: { type: "order.created", data: {} } });
    const [born] = await feed.waitFor(1);
    const deliveryId = born!.deliveryUpdated.id;
    expect(born!.deliveryUpdated.status).toBe("PENDING");
    await eventually("the delivery held by the auto-disable", () => statusesOf(feed, deliveryId).includes("HELD"), 15_000);
  });
});
