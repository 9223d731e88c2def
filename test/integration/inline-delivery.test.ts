import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { PENDING_VISIBLE_AFTER_MS } from "../../src/ingest/pipeline.ts";
import { DELIVERIES_STREAM, eventSubject, INGEST_ACK_WAIT_MS } from "../../src/nats/streams.ts";
import { createEndpoint, produce } from "../harness/fixtures.ts";
import { seedOrg } from "../harness/orgs.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// Ingest makes a new delivery's first attempt itself and hands only what is still pending
// to the DELIVERIES stream (DESIGN: one JetStream hop fewer per delivery).
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
const TIMEOUT_MS = INGEST_ACK_WAIT_MS + 3_000;

beforeAll(async () => {
  stack = await startHeraldStack({ RETRY_SCHEDULE: "2,2", DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS) });
  ({ herald, receiver } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

const prisma = () => herald.services.db.prisma;
const jobsPublished = async () => Number((await herald.services.nats.jsm.streams.info(DELIVERIES_STREAM)).state.last_seq);

describe("first attempts made by ingest", () => {
  it("deliver a healthy endpoint's events without any delivery job", async () => {
    const org = await seedOrg(herald.services);
    await createEndpoint(herald.services, org, { url: receiver.url("/inline-ok") });
    const before = await jobsPublished();
    for (let i = 0; i < 20; i++) await produce(herald.services, org, { id: `ok${i}`, type: "a.b" });
    await eventually("all succeeded", async () => (await prisma().delivery.count({ where: { organizationId: org, status: "SUCCEEDED" } })) === 20);
    const attempts = await prisma().deliveryAttempt.findMany({ where: { organizationId: org } });
    expect(attempts.map((a) => [a.attemptNumber, a.trigger])).toEqual(Array.from({ length: 20 }, () => [1, "INITIAL"]));
    const deliveries = await prisma().delivery.findMany({ where: { organizationId: org } });
    expect(new Set(deliveries.map((d) => `${d.attemptCount}/${d.runAttempts}`))).toEqual(new Set(["1/1"]));
    // Written once, in its final state, with the attempt: never inserted PENDING and updated.
    expect(deliveries.filter((d) => d.createdAt.getTime() !== d.updatedAt.getTime())).toEqual([]);
    expect(await jobsPublished()).toBe(before);
  });

  it(`show a delivery as PENDING while its first attempt runs past ${PENDING_VISIBLE_AFTER_MS} ms, then write its outcome over it`, async () => {
    const org = await seedOrg(herald.services);
    receiver.respond("/inline-long", () => ({ status: 200, delayMs: 2_500 }));
    const ep = await createEndpoint(herald.services, org, { url: receiver.url("/inline-long") });
    await produce(herald.services, org, { id: "long1", type: "a.b" });
    const pending = await eventually("visible while its attempt runs", () => prisma().delivery.findFirst({ where: { endpointId: ep.id } }));
    expect([pending.status, pending.attemptCount]).toEqual(["PENDING", 0]);
    expect(receiver.on("/inline-long")).toHaveLength(1);
    const done = await eventually("succeeded", () =>
      prisma().delivery.findFirst({ where: { id: pending.id, status: "SUCCEEDED" }, include: { attempts: true } }),
    );
    expect([done.attemptCount, done.attempts.length, done.attempts[0]!.responseStatus]).toEqual([1, 1, 200]);
    expect(await prisma().delivery.count({ where: { endpointId: ep.id } })).toBe(1);
  });

  it("owe a redelivered event the deliveries it was routed to but never wrote, and no others", async () => {
    const org = await seedOrg(herald.services);
    const routed = await createEndpoint(herald.services, org, { url: receiver.url("/owed-routed") });
    const later = await createEndpoint(herald.services, org, { url: receiver.url("/owed-later") });
    // What a worker that died between storing an event and writing its delivery leaves behind.
    const body = Buffer.from(JSON.stringify({ id: "owed1", type: "a.b", timestamp: new Date().toISOString(), organizationId: org, data: {} }));
    await prisma().event.create({
      data: { organizationId: org, id: "owed1", type: "a.b", timestamp: new Date(), payload: new Uint8Array(body), endpointIds: [routed.id] },
    });
    // The redelivery (JetStream would drop a re-publish of the same msgID as a duplicate).
    await herald.services.nats.js.publish(eventSubject(org, "a.b"), body);
    await receiver.waitFor(() => receiver.on("/owed-routed").length === 1, 10_000);
    const delivery = await eventually("written with its outcome", () =>
      prisma().delivery.findFirst({ where: { endpointId: routed.id, eventId: "owed1", status: "SUCCEEDED" }, include: { attempts: true } }),
    );
    expect(delivery.attempts.map((a) => [a.attemptNumber, a.trigger])).toEqual([[1, "INITIAL"]]);
    expect(receiver.on("/owed-routed")[0]!.body.equals(body)).toBe(true);
    // The other endpoint matches the type too, but the event was not routed to it.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.on("/owed-later")).toHaveLength(0);
    expect(await prisma().delivery.count({ where: { endpointId: later.id } })).toBe(0);
  });

  it("hand a failed first attempt to JetStream as a retry due after the backoff", async () => {
    const org = await seedOrg(herald.services);
    receiver.respond("/inline-retry", (_r, i) => (i === 0 ? { status: 503 } : { status: 200 }));
    const ep = await createEndpoint(herald.services, org, { url: receiver.url("/inline-retry") });
    const before = await jobsPublished();
    await produce(herald.services, org, { id: "retry1", type: "a.b" });
    await receiver.waitFor(() => receiver.on("/inline-retry").length === 2, 10_000);
    const [first, second] = receiver.on("/inline-retry");
    // The schedule's 2 s, less its ±20 % jitter.
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(1_550);
    const delivery = await eventually("succeeded", () =>
      prisma().delivery.findFirst({ where: { endpointId: ep.id, status: "SUCCEEDED" }, include: { attempts: { orderBy: { attemptNumber: "asc" } } } }),
    );
    expect(delivery.attempts.map((a) => [a.attemptNumber, a.trigger, a.responseStatus])).toEqual([
      [1, "INITIAL", 503],
      [2, "RETRY", 200],
    ]);
    expect(await jobsPublished()).toBe(before + 1);
  });

  it(`keep their event for an attempt that outlasts the ingest ack wait (${INGEST_ACK_WAIT_MS} ms), so it is not made twice`, async () => {
    const org = await seedOrg(herald.services);
    receiver.respond("/inline-slow", (_r, i) => (i === 0 ? "hang" : { status: 204 }));
    const ep = await createEndpoint(herald.services, org, { url: receiver.url("/inline-slow") });
    await produce(herald.services, org, { id: "slow1", type: "a.b" });
    await receiver.waitFor(() => receiver.on("/inline-slow").length === 1, 5_000);
    // Past the ack wait, before the attempt's own timeout: a redelivered event would have started a second request.
    await new Promise((r) => setTimeout(r, INGEST_ACK_WAIT_MS + 1_500));
    expect(receiver.on("/inline-slow")).toHaveLength(1);
    const delivery = await eventually(
      "succeeded on the retry",
      () => prisma().delivery.findFirst({ where: { endpointId: ep.id, status: "SUCCEEDED" }, include: { attempts: { orderBy: { attemptNumber: "asc" } } } }),
      15_000,
    );
    expect(delivery.attempts.map((a) => [a.attemptNumber, a.error])).toEqual([
      [1, "TIMEOUT"],
      [2, null],
    ]);
    expect(receiver.on("/inline-slow")).toHaveLength(2);
  }, 40_000);
});
