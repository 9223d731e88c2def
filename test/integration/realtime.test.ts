import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { SlowConsumerError } from "../../src/realtime/bounded-queue.ts";
import { attemptFeed } from "../../src/domain/live-feeds.ts";
import type { AttemptNotice } from "../../src/realtime/topics.ts";
import {
  CreateEndpointDocument,
  DeliveryAttemptsDocument,
  DeliveryUpdatedDocument,
  PublishEventDocument,
  ResumeDeliveryAttemptsDocument,
  RevokeApiKeyDocument,
} from "../generated/graphql.ts";
import { startLiveStack, type LiveStack } from "../harness/live-stack.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// An api process (in this test process) serves the subscriptions; the attempts are made by a
// worker running as its own OS process; Redis carries the notices between them.
let stack: LiveStack;
let api: RunningHerald;
let receiver: TestReceiver;
const tenant = (name: string) => stack.tenant(name);
const liveClient = (token?: string) => stack.liveClient(token);

const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // The crowd below is 500 connections of one key: past the default MAX_CONNECTIONS_PER_KEY.
  stack = await startLiveStack({ RETRY_SCHEDULE: "1,1,1" }, { MAX_CONNECTIONS_PER_KEY: "500" });
  ({ api, receiver } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe("live feeds across processes", () => {
  it("streams each attempt of a worker process, in attempt order, within a second of its recording", async () => {
    const t = await tenant("Orderly");
    receiver.respond("/rt-flaky", (_r, i) => ({ status: i < 2 ? 503 : 200 }));
    const { createEndpoint } = await t.client.request(CreateEndpointDocument, { input: { url: receiver.url("/rt-flaky"), eventTypes: ["*"] } });
    const attempts = liveClient(t.token).subscribe(DeliveryAttemptsDocument, { endpointId: createEndpoint.id });
    const arrivals: number[] = [];
    const updates = liveClient(t.token).subscribe(DeliveryUpdatedDocument, { endpointId: createEndpoint.id });
    await settle();
    const { publishEvent } = await t.client.request(PublishEventDocument, { input: { type: "order.paid", data: {} } });
    await attempts.until((r) => {
      while (arrivals.length < r.length) arrivals.push(Date.now());
      return r.length >= 3;
    }, 20_000);
    const got = attempts.received.map((r) => r.deliveryAttempts);
    expect(got.map((a) => [a.attemptNumber, a.trigger, a.responseStatus])).toEqual([
      [1, "INITIAL", 503],
      [2, "RETRY", 503],
      [3, "RETRY", 200],
    ]);
    expect(new Set(got.map((a) => a.eventId))).toEqual(new Set([publishEvent.id]));
    got.forEach((a, i) => expect(arrivals[i]! - new Date(a.createdAt).getTime()).toBeLessThan(1_000));
    const statuses = (await updates.until((r) => r.some((u) => u.deliveryUpdated.status === "SUCCEEDED"))).map((u) => u.deliveryUpdated.status);
    expect(statuses).toEqual(["PENDING", "SUCCEEDED"]);
  });

  it("shows PENDING while a first attempt runs long, then FAILED for a receiver that answers 400", async () => {
    const t = await tenant("Refused");
    receiver.respond("/rt-400", () => ({ status: 400, delayMs: 1_200 }));
    const { createEndpoint } = await t.client.request(CreateEndpointDocument, { input: { url: receiver.url("/rt-400"), eventTypes: ["*"] } });
    const updates = liveClient(t.token).subscribe(DeliveryUpdatedDocument, {});
    await settle();
    await t.client.request(PublishEventDocument, { input: { type: "order.paid", data: {} } });
    const got = await updates.until((r) => r.some((u) => u.deliveryUpdated.status === "FAILED"));
    expect(got.map((u) => [u.deliveryUpdated.status, u.deliveryUpdated.endpointId])).toEqual([
      ["PENDING", createEndpoint.id],
      ["FAILED", createEndpoint.id],
    ]);
  });

  it("resumes after a disconnect: the missed attempts first, then live ones, none twice", async () => {
    const t = await tenant("Resumer");
    const { createEndpoint } = await t.client.request(CreateEndpointDocument, { input: { url: receiver.url("/rt-resume"), eventTypes: ["*"] } });
    const first = liveClient(t.token);
    const feed = first.subscribe(DeliveryAttemptsDocument, { endpointId: createEndpoint.id });
    await settle();
    await t.client.request(PublishEventDocument, { input: { id: "resume_0", type: "tick", data: {} } });
    const [seen] = await feed.waitFor(1);
    await first.close();

    for (let i = 1; i <= 5; i++) await t.client.request(PublishEventDocument, { input: { id: `resume_${i}`, type: "tick", data: {} } });
    await receiver.waitFor(() => receiver.on("/rt-resume").length === 6);
    // Let the worker commit the last attempt before resuming.
    await settle(300);

    const resumed = liveClient(t.token).subscribe(ResumeDeliveryAttemptsDocument, { endpointId: createEndpoint.id, after: seen!.deliveryAttempts.id });
    await resumed.waitFor(5);
    await t.client.request(PublishEventDocument, { input: { id: "resume_6", type: "tick", data: {} } });
    const all = (await resumed.waitFor(6)).map((r) => r.deliveryAttempts);
    await settle(300);
    expect(resumed.received).toHaveLength(6);
    expect(
      all
        .slice(0, 5)
        .map((a) => a.eventId)
        .sort(),
    ).toEqual(["resume_1", "resume_2", "resume_3", "resume_4", "resume_5"]);
    expect(all[5]!.eventId).toBe("resume_6");
    expect(new Set(all.map((a) => a.id)).size).toBe(6);
  });

  it("reaches 500 concurrent subscribers on one api process", async () => {
    const t = await tenant("Crowd");
    await t.client.request(CreateEndpointDocument, { input: { url: receiver.url("/rt-crowd"), eventTypes: ["*"] } });
    const crowd = Array.from({ length: 500 }, () => liveClient(t.token));
    const feeds = crowd.map((c) => c.subscribe(DeliveryAttemptsDocument, {}));
    await eventually("500 subscriptions active", async () => (await stack.activeSubscriptions()) >= 500);
    expect(await stack.activeSubscriptions()).toBeGreaterThanOrEqual(500);
    const { publishEvent } = await t.client.request(PublishEventDocument, { input: { type: "crowd.ping", data: {} } });
    await Promise.all(feeds.map((f) => f.waitFor(1, 20_000)));
    const reached = feeds.filter((f) => f.received[0]?.deliveryAttempts.eventId === publishEvent.id).length;
    console.log(`attempt reached ${reached} of ${feeds.length} subscribers`);
    expect(reached).toBe(500);
    await Promise.all(crowd.map((c) => c.close()));
  });

  it("closes the connection of a revoked key with 4403", async () => {
    const t = await tenant("Revoked");
    const keys = await api.services.db.prisma.apiKey.findMany({ where: { organizationId: t.id } });
    await t.client.request(RevokeApiKeyDocument, { id: keys[0]!.id });
    const feed = liveClient(t.token).subscribe(DeliveryAttemptsDocument, {});
    expect((await feed.failure()).extensions?.closeCode).toBe(4403);
  });
});

describe("slow subscribers", () => {
  it("are cut off with a clear reason once too many notices wait, and counted", async () => {
    const org = "org_slowpoke";
    let dropped = 0;
    const feed = attemptFeed(api.services, org, {}, { maxQueued: 5, onSlowConsumer: () => dropped++ });
    await settle(200);
    // Three messages of three notices, never read: the third finds six waiting.
    for (let i = 0; i < 9; i++) {
      const n: AttemptNotice = {
        id: `att_${i}`,
        deliveryId: "dlv_x",
        organizationId: org,
        endpointId: "ep_x",
        eventId: `e${i}`,
        attemptNumber: 1,
        trigger: "INITIAL",
        responseStatus: 200,
        responseBody: null,
        error: null,
        errorMessage: null,
        durationMs: 1,
        createdAt: new Date().toISOString(),
      };
      api.services.realtime.announce.attempt(n);
      if (i % 3 === 2) await settle(100);
    }
    await settle(300);
    const err = await feed.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlowConsumerError);
    expect(String(err)).toMatch(/too slow.*after/);
    expect(dropped).toBe(1);
  });
});
