import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERT_SUBJECT } from "../../src/nats/streams.ts";
import { deliveryTopic, type DeliveryNotice } from "../../src/realtime/topics.ts";
import {
  ReceiverCreateEndpointDocument,
  ReceiverEnableEndpointDocument,
  ReceiverEndpointDocument,
  ReceiverUpdateEndpointDocument,
  type CreateEndpointInput,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { produce } from "../harness/fixtures.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// Issue #19 part 5, against a real stack (API and workers in one Herald) and real receivers:
// a receiver answering 410 Gone turns its endpoint off at once, and an endpoint's own
// timeoutMs and maxInFlight hold within the service's DELIVERY_TIMEOUT_MS and ENDPOINT_MAX_IN_FLIGHT.
const SERVICE_TIMEOUT_MS = 5_000;
const SERVICE_MAX_IN_FLIGHT = 8;

let cp: ControlPlane;
let receiver: TestReceiver;

beforeAll(async () => {
  receiver = await new TestReceiver().start();
  // Retries wait 30 s: a delivery that failed once stays PENDING for the whole test.
  cp = await startControlPlane({
    HERALD_ROLE: "all",
    DELIVERY_TIMEOUT_MS: String(SERVICE_TIMEOUT_MS),
    ENDPOINT_MAX_IN_FLIGHT: String(SERVICE_MAX_IN_FLIGHT),
    RETRY_SCHEDULE: "30",
  });
});

afterAll(async () => {
  await cp?.stop();
  await receiver?.stop();
});

const services = () => cp.herald.services;
const prisma = () => services().db.prisma;

async function endpointAt(org: TestOrg, path: string, input: Partial<CreateEndpointInput> = {}) {
  const { createEndpoint } = await org.client.request(ReceiverCreateEndpointDocument, { input: { url: receiver.url(path), eventTypes: ["*"], ...input } });
  return createEndpoint;
}

const eventIdOf = (body: Buffer) => (JSON.parse(body.toString()) as { id: string }).id;

describe("410 Gone", () => {
  it("disables the endpoint at once, records why, alerts, holds its pending deliveries and what comes meanwhile until enabled", async () => {
    const org = await createTestOrg(cp, "Gone");
    // Events named `gone_*` get 410; the others fail with 503 and wait 30 s for their retry.
    receiver.respond("/gone", (req) => ({ status: eventIdOf(req.body).startsWith("gone_") ? 410 : eventIdOf(req.body).startsWith("back_") ? 200 : 503 }));
    const ep = await endpointAt(org, "/gone");
    const alerts: { type: string; endpoint?: string; reason?: string }[] = [];
    const alertSub = services().nats.nc.subscribe(ALERT_SUBJECT, { callback: (_e, m) => void alerts.push(m.json()) });
    const heard: DeliveryNotice[] = [];
    const stopListening = services().realtime.listen(deliveryTopic(org.id), (notices) => void heard.push(...notices));

    for (const id of ["wait_1", "wait_2", "wait_3"]) await produce(services(), org.id, { id, type: "order.created" });
    await eventually("three pending", async () => (await prisma().delivery.count({ where: { endpointId: ep.id, status: "PENDING", attemptCount: 1 } })) === 3);

    await produce(services(), org.id, { id: "gone_1", type: "order.created" });
    const endpoint = await eventually("endpoint disabled", async () => {
      const { endpoint } = await org.client.request(ReceiverEndpointDocument, { id: ep.id });
      return endpoint.status === "DISABLED" && endpoint;
    });
    expect(endpoint.disabledReason).toBe("receiver answered 410 Gone");
    expect(endpoint.disabledAt).not.toBeNull();

    const gone = await prisma().delivery.findFirstOrThrow({ where: { endpointId: ep.id, eventId: "gone_1" }, include: { attempts: true } });
    expect(gone.status).toBe("FAILED");
    expect(gone.attempts.map((a) => a.responseStatus)).toEqual([410]);
    await eventually("others held", async () => (await prisma().delivery.count({ where: { endpointId: ep.id, status: "HELD" } })) === 3);
    await eventually("alerted", () => alerts.some((a) => a.type === "endpoint.disabled" && a.endpoint === ep.id && a.reason === "receiver answered 410 Gone"));
    await eventually("live feed heard them held", () => heard.filter((n) => n.status === "HELD").length === 3);
    alertSub.unsubscribe();
    stopListening();

    // Disabled: an event published now is held for it, not sent.
    const requestsWhenDisabled = receiver.on("/gone").length;
    await produce(services(), org.id, { id: "while_off", type: "order.created" });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.on("/gone").length).toBe(requestsWhenDisabled);
    expect((await prisma().delivery.findFirstOrThrow({ where: { endpointId: ep.id, eventId: "while_off" } })).status).toBe("HELD");

    const { enableEndpoint } = await org.client.request(ReceiverEnableEndpointDocument, { id: ep.id });
    expect(enableEndpoint).toMatchObject({ status: "ENABLED", disabledReason: null });
    await eventually("what it held sent once enabled", () => receiver.on("/gone").some((r) => eventIdOf(r.body) === "while_off"));
    await produce(services(), org.id, { id: "back_1", type: "order.created" });
    await eventually("delivered once enabled", () => receiver.on("/gone").some((r) => eventIdOf(r.body) === "back_1"));
    await eventually("succeeded", async () => (await prisma().delivery.findFirst({ where: { endpointId: ep.id, eventId: "back_1" } }))?.status === "SUCCEEDED");
  });
});

describe("timeoutMs", () => {
  it("ends an attempt at the endpoint's own timeout while an endpoint on the service's succeeds", async () => {
    const org = await createTestOrg(cp, "Timeouts");
    receiver.respond("/hangs-3s", () => ({ status: 200, delayMs: 3_000 }));
    receiver.respond("/patient", () => ({ status: 200, delayMs: 3_000 }));
    const short = await endpointAt(org, "/hangs-3s", { timeoutMs: 1_000 });
    const patient = await endpointAt(org, "/patient");
    expect(short.timeoutMs).toBe(1_000);
    expect(patient.timeoutMs).toBeNull();

    await produce(services(), org.id, { id: "slow_1", type: "order.created" });
    const timedOut = await eventually("attempt recorded", () =>
      prisma().deliveryAttempt.findFirst({ where: { endpointId: short.id, eventId: "slow_1" }, orderBy: { attemptNumber: "asc" } }),
    );
    console.log(`attempt against timeoutMs 1000 took ${timedOut.durationMs} ms`);
    expect(timedOut.error).toBe("TIMEOUT");
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(950);
    expect(timedOut.durationMs).toBeLessThan(1_500);
    const ok = await eventually("default endpoint succeeded", () =>
      prisma().delivery.findFirst({ where: { endpointId: patient.id, eventId: "slow_1", status: "SUCCEEDED" }, include: { attempts: true } }),
    );
    expect(ok.attempts).toHaveLength(1);
    expect(ok.attempts[0]!.durationMs).toBeGreaterThanOrEqual(2_900);
  });
});

describe("maxInFlight", () => {
  it("never has more than the endpoint's maxInFlight requests open at its receiver", async () => {
    const org = await createTestOrg(cp, "InFlight");
    let open = 0;
    let most = 0;
    // The receiver answers after 300 ms; this timer, set first, fires just before that answer goes.
    receiver.respond("/narrow", () => {
      most = Math.max(most, ++open);
      setTimeout(() => open--, 300);
      return { status: 200, delayMs: 300 };
    });
    const ep = await endpointAt(org, "/narrow", { maxInFlight: 2 });
    expect(ep.maxInFlight).toBe(2);
    const n = 20;
    await Promise.all(Array.from({ length: n }, (_, i) => produce(services(), org.id, { id: `narrow_${i}`, type: "order.created" })));
    await eventually("all delivered", async () => (await prisma().delivery.count({ where: { endpointId: ep.id, status: "SUCCEEDED" } })) === n, 30_000);
    console.log(`20 deliveries to maxInFlight 2: at most ${most} open at once`);
    expect(most).toBe(2);
  });
});

describe("receiver limits out of range", () => {
  const bad: [string, Partial<CreateEndpointInput>, string, RegExp][] = [
    ["a timeout under a second", { timeoutMs: 999 }, "timeoutMs", /at least 1000/],
    ["a timeout past the service's", { timeoutMs: SERVICE_TIMEOUT_MS + 1 }, "timeoutMs", /at most 5000, the service's DELIVERY_TIMEOUT_MS/],
    ["no requests in flight", { maxInFlight: 0 }, "maxInFlight", /at least 1/],
    ["more in flight than the service's", { maxInFlight: SERVICE_MAX_IN_FLIGHT + 1 }, "maxInFlight", /at most 8, the service's ENDPOINT_MAX_IN_FLIGHT/],
  ];

  it.each(bad)("refuses %s with BAD_USER_INPUT naming the field, on create and on update", async (_name, input, field, message) => {
    const org = await createTestOrg(cp, "Limits");
    const create = await org.client.fail("BAD_USER_INPUT", ReceiverCreateEndpointDocument, { input: { url: receiver.url("/x"), eventTypes: ["*"], ...input } });
    expect(create.extensions?.issues).toContainEqual({ path: ["input", field], message: expect.stringMatching(message) });
    expect(await prisma().endpoint.count({ where: { organizationId: org.id } })).toBe(0);

    const ep = await endpointAt(org, "/x", { timeoutMs: 2_000, maxInFlight: 3 });
    const update = await org.client.fail("BAD_USER_INPUT", ReceiverUpdateEndpointDocument, { id: ep.id, input });
    expect(update.extensions?.issues).toContainEqual({ path: ["input", field], message: expect.stringMatching(message) });
    const { endpoint } = await org.client.request(ReceiverEndpointDocument, { id: ep.id });
    expect(endpoint).toMatchObject({ timeoutMs: 2_000, maxInFlight: 3 });
  });

  it("sets, keeps and clears the limits on update", async () => {
    const org = await createTestOrg(cp, "Limits");
    const ep = await endpointAt(org, "/x", { timeoutMs: 2_000 });
    const set = await org.client.request(ReceiverUpdateEndpointDocument, { id: ep.id, input: { maxInFlight: 1 } });
    expect(set.updateEndpoint).toMatchObject({ timeoutMs: 2_000, maxInFlight: 1 });
    const cleared = await org.client.request(ReceiverUpdateEndpointDocument, { id: ep.id, input: { timeoutMs: null } });
    expect(cleared.updateEndpoint).toMatchObject({ timeoutMs: null, maxInFlight: 1 });
  });
});
