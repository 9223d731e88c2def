import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { createEndpoint, produce, produceRaw } from "../harness/fixtures.ts";
import { seedOrg } from "../harness/orgs.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;

beforeAll(async () => {
  stack = await startHeraldStack({ RETRY_SCHEDULE: "1,1,1", DELIVERY_TIMEOUT_MS: "500" });
  ({ herald, receiver } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

const prisma = () => herald.services.db.prisma;

function verifyWith(secret: string, req: { headers: Record<string, unknown>; body: Buffer }) {
  const headers = {
    "webhook-id": String(req.headers["webhook-id"]),
    "webhook-timestamp": String(req.headers["webhook-timestamp"]),
    "webhook-signature": String(req.headers["webhook-signature"]),
  };
  new StandardWebhook(secret).verify(req.body.toString(), headers);
  new SvixWebhook(secret).verify(req.body.toString(), {
    "svix-id": headers["webhook-id"],
    "svix-timestamp": headers["webhook-timestamp"],
    "svix-signature": headers["webhook-signature"],
  });
}

describe("events in through NATS, signed deliveries out", () => {
  it("delivers to exactly the matching enabled endpoints, once each, verifiably signed", async () => {
    const org = await seedOrg(herald.services);
    const all = await createEndpoint(herald.services, org, { url: receiver.url("/m-all"), eventTypes: ["order.*"] });
    const exact = await createEndpoint(herald.services, org, { url: receiver.url("/m-exact"), eventTypes: ["order.created"] });
    await createEndpoint(herald.services, org, { url: receiver.url("/m-other"), eventTypes: ["user.*"] });
    await createEndpoint(herald.services, org, { url: receiver.url("/m-disabled"), eventTypes: ["*"], status: "DISABLED" });

    const body = await produce(herald.services, org, { id: "ord_1", type: "order.created", data: { total: "149.99", currencyCode: "EUR" } });
    await receiver.waitFor(() => receiver.on("/m-all").length === 1 && receiver.on("/m-exact").length === 1);
    await eventually("deliveries settled", async () => (await prisma().delivery.count({ where: { organizationId: org, status: "SUCCEEDED" } })) === 2);

    expect(receiver.on("/m-other")).toHaveLength(0);
    expect(receiver.on("/m-disabled")).toHaveLength(0);
    for (const [path, secret] of [
      ["/m-all", all.secret],
      ["/m-exact", exact.secret],
    ] as const) {
      const req = receiver.on(path)[0]!;
      expect(req.body.equals(body)).toBe(true);
      expect(req.headers["webhook-id"]).toBe("ord_1");
      expect(req.headers["x-herald-event-type"]).toBe("order.created");
      expect(req.headers["x-herald-attempt"]).toBe("1");
      expect(req.headers["user-agent"]).toMatch(/^Herald\//);
      verifyWith(secret, req);
    }
    const req = receiver.on("/m-all")[0]!;
    const tampered = { ...req, body: Buffer.from(req.body.toString().replace("149.99", "1.00")) };
    expect(() => verifyWith(all.secret, tampered)).toThrow();
    expect(() => verifyWith(exact.secret, req)).toThrow();
  });

  it("retries 500, 500 then 200 with the same webhook-id and body, logging attempts 1-3", async () => {
    const org = await seedOrg(herald.services);
    receiver.respond("/flaky", (_req, i) => ({ status: i < 2 ? 500 : 200, body: `answer ${i}` }));
    const ep = await createEndpoint(herald.services, org, { url: receiver.url("/flaky"), eventTypes: ["*"] });
    const body = await produce(herald.services, org, { id: "evt_flaky", type: "invoice.paid" });
    await receiver.waitFor(() => receiver.on("/flaky").length === 3);
    const delivery = await eventually("delivery succeeded", () =>
      prisma().delivery.findFirst({ where: { endpointId: ep.id, status: "SUCCEEDED" }, include: { attempts: { orderBy: { attemptNumber: "asc" } } } }),
    );
    const reqs = receiver.on("/flaky");
    expect(new Set(reqs.map((r) => r.headers["webhook-id"]))).toEqual(new Set(["evt_flaky"]));
    for (const r of reqs) expect(r.body.equals(body)).toBe(true);
    expect(reqs.map((r) => r.headers["x-herald-attempt"])).toEqual(["1", "2", "3"]);
    // Schedule 1 s ± 20 %: each retry waited at least 0.8 s.
    expect(reqs[1]!.receivedAt - reqs[0]!.receivedAt).toBeGreaterThanOrEqual(750);
    expect(reqs[2]!.receivedAt - reqs[1]!.receivedAt).toBeGreaterThanOrEqual(750);
    expect(delivery.attempts.map((a) => [a.attemptNumber, a.trigger, a.responseStatus])).toEqual([
      [1, "INITIAL", 500],
      [2, "RETRY", 500],
      [3, "RETRY", 200],
    ]);
    expect(delivery.attempts[0]!.responseBody).toBe("answer 0");
    expect(delivery.attemptCount).toBe(3);
  });

  it("gives up at once on a 400, marks the delivery FAILED and raises an alert", async () => {
    const org = await seedOrg(herald.services);
    const alerts: string[] = [];
    const sub = herald.services.nats.nc.subscribe("herald.alert", { callback: (_e, m) => void alerts.push(m.string()) });
    receiver.respond("/bad", () => ({ status: 400, body: "nope" }));
    const ep = await createEndpoint(herald.services, org, { url: receiver.url("/bad") });
    await produce(herald.services, org, { id: "evt_bad", type: "a.b" });
    const delivery = await eventually("delivery failed", () => prisma().delivery.findFirst({ where: { endpointId: ep.id, status: "FAILED" } }));
    await eventually("alert", () => alerts.some((a) => a.includes(delivery.id)));
    sub.unsubscribe();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.on("/bad")).toHaveLength(1);
    expect(await prisma().deliveryAttempt.count({ where: { deliveryId: delivery.id } })).toBe(1);
    const alert = JSON.parse(alerts.find((a) => a.includes(delivery.id))!);
    expect(alert).toMatchObject({ delivery: delivery.id, endpoint: ep.id, event: "evt_bad" });
  });

  it("times out a hanging receiver and retries it", async () => {
    const org = await seedOrg(herald.services);
    receiver.respond("/hang", (_r, i) => (i === 0 ? "hang" : { status: 204 }));
    const ep = await createEndpoint(herald.services, org, { url: receiver.url("/hang") });
    await produce(herald.services, org, { id: "evt_hang", type: "a.b" });
    const delivery = await eventually("delivered after timeout", () =>
      prisma().delivery.findFirst({ where: { endpointId: ep.id, status: "SUCCEEDED" }, include: { attempts: { orderBy: { attemptNumber: "asc" } } } }),
    );
    expect(delivery.attempts.map((a) => a.error)).toEqual(["TIMEOUT", null]);
    expect(delivery.attempts[1]!.responseStatus).toBe(204);
  });

  it("honours Retry-After on 429", async () => {
    const org = await seedOrg(herald.services);
    receiver.respond("/slow-down", (_r, i) => (i === 0 ? { status: 429, headers: { "retry-after": "2" } } : { status: 200 }));
    const ep = await createEndpoint(herald.services, org, { url: receiver.url("/slow-down"), retrySchedule: [5] });
    await produce(herald.services, org, { id: "evt_429", type: "a.b" });
    await receiver.waitFor(() => receiver.on("/slow-down").length === 2);
    const [first, second] = receiver.on("/slow-down");
    const gap = second!.receivedAt - first!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(1_900);
    expect(gap).toBeLessThan(4_000);
    await eventually("succeeded", () => prisma().delivery.findFirst({ where: { endpointId: ep.id, status: "SUCCEEDED" } }));
  });

  it("keeps malformed messages as rejected, keeps consuming, and still delivers valid events", async () => {
    const org = await seedOrg(herald.services);
    await createEndpoint(herald.services, org, { url: receiver.url("/after-garbage") });
    const bad: [string, Uint8Array][] = [];
    for (let i = 0; i < 1_000; i++) {
      const kind = i % 5;
      if (kind === 0) bad.push([`events.${org}.x.y`, Buffer.from(`not json ${i}`)]);
      else if (kind === 1) bad.push([`events.${org}.x.y`, Buffer.from([0xff, 0xfe, 0x7b])]);
      else if (kind === 2) bad.push([`events.${org}.x.y`, Buffer.from(JSON.stringify({ id: `m${i}`, type: "x.y", organizationId: org }))]);
      else if (kind === 3)
        bad.push([
          `events.org_nobody.x.y`,
          Buffer.from(JSON.stringify({ id: `u${i}`, type: "x.y", organizationId: "org_nobody", timestamp: new Date().toISOString(), data: {} })),
        ]);
      else bad.push([`events.${org}.x.y`, Buffer.alloc(300 * 1024, 0x20)]);
    }
    await Promise.all(bad.map(([s, b]) => produceRaw(herald.services, s, b)));
    await produce(herald.services, org, { id: "evt_valid", type: "x.y" });
    await receiver.waitFor(() => receiver.on("/after-garbage").length === 1);
    const rejected = await eventually("1000 rejections", async () => {
      const n = await prisma().rejectedMessage.count();
      return n >= 1_000 ? n : undefined;
    });
    expect(rejected).toBe(1_000);
    const reasons = await prisma().rejectedMessage.findMany({ select: { reason: true }, distinct: ["reason"], take: 50 });
    const text = reasons.map((r) => r.reason).join("\n");
    expect(text).toMatch(/not JSON/);
    expect(text).toMatch(/UTF-8/);
    expect(text).toMatch(/timestamp/);
    expect(text).toMatch(/unknown organization/);
    expect(text).toMatch(/over the 262144-byte limit/);
  });

  it("keeps the same event id of two organizations apart", async () => {
    const a = await seedOrg(herald.services, "A");
    const b = await seedOrg(herald.services, "B");
    await createEndpoint(herald.services, a, { url: receiver.url("/tenant-a") });
    await createEndpoint(herald.services, b, { url: receiver.url("/tenant-b") });
    const bodyA = await produce(herald.services, a, { id: "shared_1", type: "t.x", data: { who: "a" } });
    const bodyB = await produce(herald.services, b, { id: "shared_1", type: "t.x", data: { who: "b" } });
    await receiver.waitFor(() => receiver.on("/tenant-a").length === 1 && receiver.on("/tenant-b").length === 1);
    expect(receiver.on("/tenant-a")[0]!.body.equals(bodyA)).toBe(true);
    expect(receiver.on("/tenant-b")[0]!.body.equals(bodyB)).toBe(true);
  });

  it("keeps delivering to healthy endpoints while more than 1,000 retries wait in JetStream", async () => {
    const org = await seedOrg(herald.services);
    receiver.respond("/down", () => ({ status: 503 }));
    const down = await createEndpoint(herald.services, org, { url: receiver.url("/down"), eventTypes: ["backlog.*"], retrySchedule: [120] });
    await createEndpoint(herald.services, org, { url: receiver.url("/up"), eventTypes: ["healthy.*"] });
    const n = 1_500;
    for (let i = 0; i < n; i += 250) {
      await Promise.all(Array.from({ length: 250 }, (_, j) => produce(herald.services, org, { id: `bl_${i + j}`, type: "backlog.x" })));
    }
    await eventually(
      "every backlog delivery waiting for its retry",
      async () => (await prisma().delivery.count({ where: { endpointId: down.id, status: "PENDING", attemptCount: 1 } })) === n,
      60_000,
    );
    const info = await herald.services.nats.jsm.consumers.info("DELIVERIES", "herald-delivery");
    expect(info.num_ack_pending).toBeGreaterThanOrEqual(n);
    for (let i = 0; i < 20; i++) await produce(herald.services, org, { id: `ok_${i}`, type: "healthy.x" });
    await receiver.waitFor(() => receiver.on("/up").length === 20, 20_000);
  });
});
