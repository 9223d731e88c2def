import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttemptNotice } from "../../src/realtime/topics.ts";
import { CreateEndpointDocument, DeliveryAttemptsDocument, DeliveryAttemptsWithDeliveryDocument, PublishEventDocument } from "../generated/graphql.ts";
import { startLiveStack, type LiveStack } from "../harness/live-stack.ts";
import type { LiveFeed } from "../harness/graphql-client.ts";
import type { TestOrg } from "../harness/orgs.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// Many subscribers of a few shapes on one api process (here), fed by a worker process over
// Redis: every subscriber of one process gets the same notice, and the api executes it once
// per shape. These check that sharing never crosses a tenant, a filter or a selection set.
let stack: LiveStack;
let receiver: TestReceiver;
const tenant = (name: string) => stack.tenant(name);
const liveClient = (token: string) => stack.liveClient(token);

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

const untilActive = (n: number) => eventually(`${n} subscriptions active`, async () => (await stack.activeSubscriptions()) === n);

async function endpoint(t: TestOrg, path: string): Promise<string> {
  const { createEndpoint } = await t.client.request(CreateEndpointDocument, { input: { url: receiver.url(path), eventTypes: ["*"] } });
  return createEndpoint.id;
}

const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);
const waitAll = <T>(feeds: LiveFeed<T>[], count: number) => Promise.all(feeds.map((f) => f.waitFor(count, 20_000)));

// A small per-subscriber limit, so that cutting off a subscriber takes few notices queued on
// the server; the other tests here never have more than a few waiting.
const MAX_QUEUED = 20;

beforeAll(async () => {
  stack = await startLiveStack({}, { SUBSCRIBER_MAX_QUEUED: String(MAX_QUEUED) });
  ({ receiver } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe("one notice, many subscribers", () => {
  it("gives each subscriber its own organization's attempts, through its filter, with the relations it selected", async () => {
    const a = await tenant("Fan A");
    const b = await tenant("Fan B");
    const a1 = await endpoint(a, "/fan-a1");
    const a2 = await endpoint(a, "/fan-a2");
    const b1 = await endpoint(b, "/fan-b1");
    const before = await stack.activeSubscriptions();
    const plainA = times(30, () => liveClient(a.token).subscribe(DeliveryAttemptsDocument, {}));
    const withDeliveryA = times(5, () => liveClient(a.token).subscribe(DeliveryAttemptsWithDeliveryDocument, {}));
    const onlyA2 = times(5, () => liveClient(a.token).subscribe(DeliveryAttemptsDocument, { endpointId: a2 }));
    const plainB = times(10, () => liveClient(b.token).subscribe(DeliveryAttemptsDocument, {}));
    await untilActive(before + 50);

    const eventA = (await a.client.request(PublishEventDocument, { input: { type: "order.paid", data: {} } })).publishEvent.id;
    const eventB = (await b.client.request(PublishEventDocument, { input: { type: "order.paid", data: {} } })).publishEvent.id;
    await Promise.all([waitAll(plainA, 2), waitAll(withDeliveryA, 2), waitAll(onlyA2, 1), waitAll(plainB, 1)]);
    await settle();

    const all = [...plainA, ...withDeliveryA, ...onlyA2, ...plainB];
    expect(all.flatMap((f) => f.errors)).toEqual([]);
    const attemptsOf = (f: LiveFeed<{ deliveryAttempts: { id: string; endpointId: string; eventId: string } }>) =>
      f.received.map((r) => r.deliveryAttempts).sort((x, y) => x.endpointId.localeCompare(y.endpointId));

    const seenByA = attemptsOf(plainA[0]!);
    expect(seenByA.map((x) => [x.endpointId, x.eventId])).toEqual(
      [
        [a1, eventA],
        [a2, eventA],
      ].sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );
    for (const f of plainA) expect(attemptsOf(f)).toEqual(seenByA);
    for (const f of onlyA2) expect(attemptsOf(f)).toEqual(seenByA.filter((x) => x.endpointId === a2));
    for (const f of plainB) expect(attemptsOf(f).map((x) => [x.endpointId, x.eventId])).toEqual([[b1, eventB]]);

    for (const f of withDeliveryA) {
      expect(f.received).toHaveLength(2);
      for (const { deliveryAttempts: x } of f.received) {
        expect(seenByA.map((s) => s.id)).toContain(x.id);
        expect(x.delivery).toEqual({ id: x.deliveryId, status: "SUCCEEDED", attemptCount: 1, endpoint: { id: x.endpointId } });
      }
    }
  });

  it("keeps serving the other subscribers of a shape when some leave", async () => {
    const t = await tenant("Fan leavers");
    await endpoint(t, "/fan-leavers");
    const before = await stack.activeSubscriptions();
    const clients = times(10, () => liveClient(t.token));
    const feeds = clients.map((c) => c.subscribe(DeliveryAttemptsDocument, {}));
    await untilActive(before + 10);

    await t.client.request(PublishEventDocument, { input: { type: "tick", data: {} } });
    await waitAll(feeds, 1);
    await Promise.all(clients.slice(0, 3).map((c) => c.close()));
    await untilActive(before + 7);

    await t.client.request(PublishEventDocument, { input: { type: "tick", data: {} } });
    await waitAll(feeds.slice(3), 2);
    await settle();
    expect(feeds.map((f) => f.received.length)).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2, 2]);
    expect(feeds.flatMap((f) => f.errors)).toEqual([]);
  });
});

describe("a subscriber too slow to keep up", () => {
  // Announced by the api process itself: they travel through Redis like a worker's. With a
  // full 4 KiB response body each, about a thousand fill the loopback TCP buffers of a
  // client that stops reading; only then does the server's queue for it grow.
  const notice = (organizationId: string, i: number): AttemptNotice => ({
    id: `att_slow${String(i).padStart(6, "0")}`,
    deliveryId: "dlv_slow",
    organizationId,
    endpointId: "ep_slow",
    eventId: `evt_slow${i}`,
    attemptNumber: 1,
    trigger: "INITIAL",
    responseStatus: 200,
    responseBody: "x".repeat(4096),
    error: null,
    errorMessage: null,
    durationMs: 1,
    createdAt: new Date().toISOString(),
  });

  it("is not one that keeps up with batches larger than the limit", async () => {
    const t = await tenant("Fan big batches");
    const before = await stack.activeSubscriptions();
    const droppedBefore = await stack.droppedSubscriptions();
    const feeds = times(4, () => liveClient(t.token).subscribe(DeliveryAttemptsDocument, {}));
    await untilActive(before + 4);

    // Announced in one turn, as a busy worker records a batch of attempts: one message of 3 × the limit.
    const batch = MAX_QUEUED * 3;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < batch; i++) stack.api.services.realtime.announce.attempt({ ...notice(t.id, round * batch + i), responseBody: "ok" });
      await waitAll(feeds, (round + 1) * batch);
    }
    await settle();
    expect(feeds.map((f) => f.received.length)).toEqual([2, 2, 2, 2].map((n) => n * batch));
    expect(feeds.flatMap((f) => f.errors)).toEqual([]);
    expect(await stack.droppedSubscriptions()).toBe(droppedBefore);
  });

  it("is ended with SUBSCRIBER_TOO_SLOW, saying how to resume, while the other subscribers of its shape keep receiving", async () => {
    const t = await tenant("Fan slowpoke");
    const before = await stack.activeSubscriptions();
    const droppedBefore = await stack.droppedSubscriptions();
    const slowClient = liveClient(t.token);
    const slow = slowClient.subscribe(DeliveryAttemptsDocument, {});
    const others = times(3, () => liveClient(t.token).subscribe(DeliveryAttemptsDocument, {}));
    await untilActive(before + 4);

    slowClient.pause();
    // Batches well under the limit, each received by the others before the next: only the
    // client that stopped reading can fall behind.
    let sent = 0;
    while ((await stack.droppedSubscriptions()) === droppedBefore) {
      if (sent >= 5_000) throw new Error(`${sent} notices sent and the paused subscriber is still open`);
      for (let i = 0; i < MAX_QUEUED / 2; i++) stack.api.services.realtime.announce.attempt(notice(t.id, sent++));
      await waitAll(others, sent);
    }
    expect(await stack.droppedSubscriptions()).toBe(droppedBefore + 1);
    await untilActive(before + 3);

    // The error waits behind what the server had already sent, so it arrives once the client reads again.
    slowClient.resume();
    const error = await slow.failure(10_000);
    expect(error.message).toMatch(/too slow.*resubscribe with `after` to resume/);
    expect(error.extensions).toEqual({ code: "SUBSCRIBER_TOO_SLOW", limit: MAX_QUEUED });
    expect(slow.errors).toHaveLength(1);
    const ids = (f: LiveFeed<{ deliveryAttempts: { id: string } }>) => f.received.map((r) => r.deliveryAttempts.id);
    expect(slow.received.length).toBeLessThan(sent);
    expect(ids(slow)).toEqual(ids(others[0]!).slice(0, slow.received.length));

    for (let i = 0; i < 5; i++) stack.api.services.realtime.announce.attempt(notice(t.id, sent++));
    await waitAll(others, sent);
    for (const f of others) expect(ids(f)).toEqual(Array.from({ length: sent }, (_, i) => notice(t.id, i).id));
    expect(others.flatMap((f) => f.errors)).toEqual([]);
  });
});
