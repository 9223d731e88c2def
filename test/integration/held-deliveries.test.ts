import type { Msg } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverySubject, eventSubject } from "../../src/nats/streams.ts";
import { type DeliveryNotice, deliveryTopic } from "../../src/realtime/topics.ts";
import { storeIngestBatch } from "../../src/store/events.ts";
import {
  type CreateEndpointInput,
  HeldCreateEndpointDocument,
  HeldDeliveriesDocument,
  HeldDisableEndpointDocument,
  HeldEnableEndpointDocument,
  HeldEndpointDocument,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { produce, produceRaw } from "../harness/fixtures.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// Issue #19 part 2 against a real stack (API and one worker in one Herald, real Postgres and
// NATS) and a real receiver: what a disabled endpoint would have received is kept as HELD
// deliveries, within ENDPOINT_MAX_HELD, and enabling it sends them in publish order or drops them.
const MAX_HELD = 10;

let cp: ControlPlane;
let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await new TestReceiver().start();
  // Retries wait 30 s: a delivery that failed once stays PENDING for the whole test.
  cp = await startControlPlane({ HERALD_ROLE: "all", ENDPOINT_MAX_HELD: String(MAX_HELD), RETRY_SCHEDULE: "30" });
});

afterAll(async () => {
  await cp?.stop();
  await receiver?.stop();
});

const services = () => cp.herald.services;
const prisma = () => services().db.prisma;
const eventIdOf = (body: Buffer) => (JSON.parse(body.toString()) as { id: string }).id;
const arrivedAt = (path: string) => receiver.on(path).map((r) => eventIdOf(r.body));

async function endpointAt(org: TestOrg, path: string, input: Partial<CreateEndpointInput> = {}) {
  const { createEndpoint } = await org.client.request(HeldCreateEndpointDocument, { input: { url: receiver.url(path), eventTypes: ["*"], ...input } });
  return createEndpoint;
}

/** The endpoint's deliveries in `status`, as the API lists them: their event ids, sorted. */
async function eventsIn(org: TestOrg, endpointId: string, status: "HELD" | "CANCELLED" | "PENDING") {
  const { deliveries } = await org.client.request(HeldDeliveriesDocument, { endpointId, status });
  return deliveries.edges.map((e) => e.node.eventId).sort();
}

/** The event ids of the delivery jobs published for the endpoint, in the order JetStream got them. */
function watchJobs(organizationId: string, endpointId: string) {
  const published: string[] = [];
  const sub = services().nats.nc.subscribe(deliverySubject(organizationId, endpointId), {
    callback: (_err, msg: Msg) => void published.push(msg.headers?.get("Herald-Event") ?? "?"),
  });
  return { published, stop: () => sub.unsubscribe() };
}

const heldCount = (endpointId: string) => prisma().delivery.count({ where: { endpointId, status: "HELD" } });

describe("an endpoint disabled by an operator", () => {
  it("holds exactly what it matches, pending retries too, and sends it all in publish order when enabled", async () => {
    const org = await createTestOrg(cp, "Held");
    let failing = true;
    receiver.respond("/held", () => ({ status: failing ? 503 : 200 }));
    const ep = await endpointAt(org, "/held", { eventTypes: ["order.*"], filter: { path: "data.keep", eq: true }, maxInFlight: 1 });
    const heard: DeliveryNotice[] = [];
    const stopListening = services().realtime.listen(deliveryTopic(org.id), (notices) => void heard.push(...notices));

    // One after the other: their delivery ids are made as ingest stores them.
    for (const [i, id] of ["retry_1", "retry_2"].entries()) {
      await produce(services(), org.id, { id, type: "order.created", data: { keep: true } });
      await eventually(
        `${id} pending`,
        async () => (await prisma().delivery.count({ where: { endpointId: ep.id, status: "PENDING", attemptCount: 1 } })) === i + 1,
      );
    }

    const { disableEndpoint } = await org.client.request(HeldDisableEndpointDocument, { id: ep.id });
    expect(disableEndpoint).toMatchObject({ status: "DISABLED", stats: { pending: 0, held: 2, heldOverflow: 0 } });
    expect(await eventsIn(org, ep.id, "HELD")).toEqual(["retry_1", "retry_2"]);

    // 18 events: a third match (type and filter), a third fail the filter, a third are of a type it does not take.
    const matching: string[] = [];
    for (let i = 0; i < 18; i++) {
      const id = `off_${String(i).padStart(2, "0")}`;
      const [type, keep] = [
        ["order.created", true],
        ["order.created", false],
        ["invoice.paid", true],
      ][i % 3] as [string, boolean];
      if (i % 3 === 0) matching.push(id);
      await produce(services(), org.id, { id, type, data: { keep } });
    }
    await eventually("the matching ones held", async () => (await heldCount(ep.id)) === 2 + matching.length);
    // Given time to hold more, it holds no other.
    await new Promise((r) => setTimeout(r, 500));
    expect(await eventsIn(org, ep.id, "HELD")).toEqual(["retry_1", "retry_2", ...matching].sort());
    expect(await prisma().delivery.count({ where: { endpointId: ep.id } })).toBe(2 + matching.length);
    const { endpoint } = await org.client.request(HeldEndpointDocument, { id: ep.id });
    expect(endpoint.stats).toEqual({ pending: 0, held: 2 + matching.length, heldOverflow: 0 });
    expect(arrivedAt("/held").filter((id) => id.startsWith("off_"))).toEqual([]);
    await eventually("live feed heard the retries held", () => heard.filter((n) => n.status === "HELD" && n.endpointId === ep.id).length >= 2);

    failing = false;
    const jobs = watchJobs(org.id, ep.id);
    const sent = receiver.on("/held").length;
    const { enableEndpoint } = await org.client.request(HeldEnableEndpointDocument, { id: ep.id });
    expect(enableEndpoint).toMatchObject({ status: "ENABLED", lastHeldRelease: { released: 2 + matching.length, cancelled: 0, expired: 0 } });
    expect(enableEndpoint.stats.held).toBe(0);
    const order = ["retry_1", "retry_2", ...matching];
    await eventually("all sent", () => receiver.on("/held").length - sent === order.length);
    expect(jobs.published).toEqual(order);
    // One worker, maxInFlight 1: attempted in the order queued.
    expect(arrivedAt("/held").slice(sent)).toEqual(order);
    await eventually("all succeeded", async () => (await prisma().delivery.count({ where: { endpointId: ep.id, status: "SUCCEEDED" } })) === order.length);
    jobs.stop();
    stopListening();
  });

  it("drops what it held, with the count, when enabled with deliverHeld false; expired payloads are cancelled either way", async () => {
    const org = await createTestOrg(cp, "Dropped");
    const ep = await endpointAt(org, "/dropped");
    await org.client.request(HeldDisableEndpointDocument, { id: ep.id });
    for (const id of ["drop_1", "drop_2", "drop_3"]) await produce(services(), org.id, { id, type: "order.created" });
    await eventually("three held", async () => (await heldCount(ep.id)) === 3);

    const { enableEndpoint } = await org.client.request(HeldEnableEndpointDocument, { id: ep.id, deliverHeld: false });
    expect(enableEndpoint).toMatchObject({ status: "ENABLED", stats: { held: 0 }, lastHeldRelease: { released: 0, cancelled: 3, expired: 0 } });
    expect(await eventsIn(org, ep.id, "CANCELLED")).toEqual(["drop_1", "drop_2", "drop_3"]);

    await org.client.request(HeldDisableEndpointDocument, { id: ep.id });
    for (const id of ["old_1", "new_1"]) await produce(services(), org.id, { id, type: "order.created" });
    await eventually("two held", async () => (await heldCount(ep.id)) === 2);
    // Retention expired old_1's payload while it was held: nothing is left to send.
    await services().db.pool.query(`UPDATE events SET payload = ''::bytea, payload_expired_at = now() WHERE organization_id = $1 AND id = 'old_1'`, [org.id]);
    const again = await org.client.request(HeldEnableEndpointDocument, { id: ep.id });
    expect(again.enableEndpoint.lastHeldRelease).toMatchObject({ released: 1, cancelled: 0, expired: 1 });
    await eventually("new_1 sent", () => arrivedAt("/dropped").includes("new_1"));
    await new Promise((r) => setTimeout(r, 500));
    expect(arrivedAt("/dropped")).toEqual(["new_1"]);
    expect((await prisma().delivery.findFirstOrThrow({ where: { endpointId: ep.id, eventId: "old_1" } })).status).toBe("CANCELLED");
  });

  it("holds up to ENDPOINT_MAX_HELD and counts the rest; a new disable counts from zero", async () => {
    const org = await createTestOrg(cp, "Capped");
    const ep = await endpointAt(org, "/capped", { enabled: false });
    const extra = 4;
    for (let i = 0; i < MAX_HELD + extra; i++) await produce(services(), org.id, { id: `cap_${String(i).padStart(2, "0")}`, type: "order.created" });
    const { endpoint } = await eventually("the overflow counted", async () => {
      const read = await org.client.request(HeldEndpointDocument, { id: ep.id });
      return read.endpoint.stats.heldOverflow === extra && read;
    });
    expect(endpoint.stats.held).toBe(MAX_HELD);
    expect((await prisma().endpoint.findUniqueOrThrow({ where: { id: ep.id } })).heldCount).toBe(MAX_HELD);

    await org.client.request(HeldEnableEndpointDocument, { id: ep.id, deliverHeld: false });
    const { disableEndpoint } = await org.client.request(HeldDisableEndpointDocument, { id: ep.id });
    expect(disableEndpoint.stats).toMatchObject({ held: 0, heldOverflow: 0 });
    await produce(services(), org.id, { id: "cap_after", type: "order.created" });
    await eventually("room again after the enable", async () => (await heldCount(ep.id)) === 1);
  });

  it("holds an event once however often its message comes", async () => {
    const org = await createTestOrg(cp, "Redelivered");
    const ep = await endpointAt(org, "/redelivered", { enabled: false });
    const body = await produce(services(), org.id, { id: "twice", type: "order.created" });
    await eventually("held", async () => (await heldCount(ep.id)) === 1);
    // The same event again as a new message (no msgID: JetStream keeps both), as a redelivery after a crash would bring it.
    await produceRaw(services(), eventSubject(org.id, "order.created"), body);
    await produce(services(), org.id, { id: "marker", type: "order.created" });
    await eventually("the next event held", async () => (await heldCount(ep.id)) === 2);
    expect(await prisma().delivery.count({ where: { endpointId: ep.id, eventId: "twice" } })).toBe(1);
    expect((await prisma().endpoint.findUniqueOrThrow({ where: { id: ep.id } })).heldCount).toBe(2);
  });

  it("sends at once to an endpoint enabled between routing and storing, instead of holding for it", async () => {
    const org = await createTestOrg(cp, "Raced");
    const ep = await endpointAt(org, "/raced");
    // Routing saw it disabled (heldEndpointIds); by the time the batch is stored it is enabled.
    const payload = Buffer.from(
      JSON.stringify({ id: "raced_1", type: "order.created", timestamp: new Date().toISOString(), organizationId: org.id, data: {} }),
    );
    const event = {
      organizationId: org.id,
      id: "raced_1",
      type: "order.created",
      timestamp: new Date().toISOString(),
      payload,
      endpointIds: [],
      heldEndpointIds: [ep.id],
      lines: [],
      streamSequence: 1,
    };
    const stored = await storeIngestBatch(services().db.pool, [event], []);
    expect(stored.planned.map((j) => [j.eventId, j.endpointId])).toEqual([["raced_1", ep.id]]);
    expect(await prisma().delivery.count({ where: { endpointId: ep.id } })).toBe(0);
    expect((await storeIngestBatch(services().db.pool, [event], [])).planned).toEqual([]);
  });
});

describe("an endpoint disabled by its receiver (410 Gone)", () => {
  it("holds its pending deliveries, and sends them when enabled", async () => {
    const org = await createTestOrg(cp, "Gone");
    let gone = true;
    receiver.respond("/gone", (req) => ({ status: !gone ? 200 : eventIdOf(req.body).startsWith("gone_") ? 410 : 503 }));
    const ep = await endpointAt(org, "/gone");
    for (const id of ["wait_1", "wait_2", "wait_3"]) await produce(services(), org.id, { id, type: "order.created" });
    await eventually("three pending", async () => (await prisma().delivery.count({ where: { endpointId: ep.id, status: "PENDING", attemptCount: 1 } })) === 3);

    await produce(services(), org.id, { id: "gone_1", type: "order.created" });
    await eventually("disabled", async () => (await org.client.request(HeldEndpointDocument, { id: ep.id })).endpoint.status === "DISABLED");
    await eventually("the pending ones held", async () => (await heldCount(ep.id)) === 3);
    await produce(services(), org.id, { id: "while_off", type: "order.created" });
    await eventually("and what comes meanwhile", async () => (await heldCount(ep.id)) === 4);
    expect((await prisma().delivery.findFirstOrThrow({ where: { endpointId: ep.id, eventId: "gone_1" } })).status).toBe("FAILED");

    gone = false;
    const { enableEndpoint } = await org.client.request(HeldEnableEndpointDocument, { id: ep.id });
    expect(enableEndpoint.lastHeldRelease).toMatchObject({ released: 4 });
    await eventually("all four succeeded", async () => (await prisma().delivery.count({ where: { endpointId: ep.id, status: "SUCCEEDED" } })) === 4);
  });
});

describe("tenancy", () => {
  it("lets no other organization see or release an endpoint's held deliveries", async () => {
    const a = await createTestOrg(cp, "Owner");
    const b = await createTestOrg(cp, "Other");
    const ep = await endpointAt(a, "/owned", { enabled: false });
    await produce(services(), a.id, { id: "mine", type: "order.created" });
    await eventually("held", async () => (await heldCount(ep.id)) === 1);

    await b.client.fail("NOT_FOUND", HeldEnableEndpointDocument, { id: ep.id });
    await b.client.fail("NOT_FOUND", HeldEndpointDocument, { id: ep.id });
    expect((await b.client.request(HeldDeliveriesDocument, { status: "HELD" })).deliveries.edges).toEqual([]);
    expect(await eventsIn(b, ep.id, "HELD")).toEqual([]);
    expect(await heldCount(ep.id)).toBe(1);
    expect((await a.client.request(HeldEndpointDocument, { id: ep.id })).endpoint).toMatchObject({ status: "DISABLED", stats: { held: 1 } });
  });
});
