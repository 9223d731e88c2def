import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { createWorkerDeliverer } from "../../src/app/workers.ts";
import type { Deliverer } from "../../src/delivery/deliverer.ts";
import type { DeliveryClient } from "../../src/delivery/http-client.ts";
import { venueReceiver } from "../../src/infra/contract-receivers.ts";
import type { DeliveryJob } from "../../src/nats/delivery-jobs.ts";
import { encodeEnvelope } from "../../src/rules/envelope.ts";
import { VENUE_RETRY_POLICY } from "../../src/rules/retry-policy.ts";
import { writePendingDeliveries } from "../../src/store/deliveries.ts";
import { createEvent } from "../../src/store/events.ts";
import { CreateContractEndpointDocument, DeliveryDocument } from "../generated/graphql.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";
import type { TestReceiver } from "../harness/receiver.ts";

// Issue #18: "the venue platform's policy yields 40 retries with its delays (checked on
// nextAttemptAt, not by waiting)". Herald runs as the api role, so no consumer acts on its own;
// the test drives the worker's deliverer (createWorkerDeliverer, as startWorkers builds it), one attempt
// per call, against a real receiver that always answers 500 and the real attempt log.
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let org: TestOrg;
let client: DeliveryClient;
let deliverer: Deliverer;

const IMPORTED = "venue-customer-secret-0001";
/** A loopback response's way back on a busy machine; the exact check is on the deliverer's own delay. */
const RESPONSE_SLACK_MS = 100;

beforeAll(async () => {
  stack = await startHeraldStack({ HERALD_ROLE: "api" });
  ({ herald, receiver } = stack);
  org = await createTestOrg(`http://127.0.0.1:${herald.port}/graphql`, "Venue");
  ({ client, deliverer } = createWorkerDeliverer(herald.services, new Registry()));
});

afterAll(async () => {
  await deliverer?.drain();
  await client?.close();
  await stack?.stop();
});

/** An event stored and its delivery written PENDING, as ingest leaves them before handing the job on. */
async function plannedDelivery(endpointId: string, eventId: string): Promise<DeliveryJob> {
  const { services } = herald;
  const envelope = {
    id: eventId,
    type: "booking.confirmed",
    timestamp: new Date().toISOString(),
    organizationId: org.id,
    data: { seats: [12, 13], total: "49.00" },
  };
  const payload = encodeEnvelope(envelope);
  await createEvent(services.db.prisma, { organizationId: org.id, id: eventId, type: envelope.type, timestamp: new Date(envelope.timestamp), payload });
  const deliveryId = `dlv_${eventId}`;
  const job: DeliveryJob = {
    deliveryId,
    organizationId: org.id,
    endpointId,
    eventId,
    eventType: envelope.type,
    runId: deliveryId,
    body: new Uint8Array(payload),
  };
  await writePendingDeliveries({ pool: services.db.pool, announce: services.realtime.announce }, [job]);
  return job;
}

describe("the venue platform's retry policy", () => {
  it("yields 40 retries with its delays (checked on nextAttemptAt, not by waiting)", async () => {
    receiver.respond("/venue", () => ({ status: 500, body: "try later" }));
    const { createEndpoint: endpoint } = await org.client.request(CreateContractEndpointDocument, {
      input: {
        url: receiver.url("/venue"),
        eventTypes: ["booking.*"],
        wireFormat: { preset: "HMAC_HEADERS", signatureHeader: "X-Webhook-Signature", signedContent: "BODY", encoding: "HEX" },
        envelope: { idField: "id", typeField: "event", dataField: "payload" },
        retryPolicy: VENUE_RETRY_POLICY,
        secret: IMPORTED,
      },
    });
    expect(endpoint.retryPolicy).toEqual({ schedule: null, power: 1.5, baseSeconds: 1, maxAttempts: 41, jitterSeconds: 1 });
    const job = await plannedDelivery(endpoint.id, "evt_venue_retries");
    const prisma = herald.services.db.prisma;
    const jitters: number[] = [];

    for (let n = 1; n <= 40; n++) {
      const before = Date.now();
      const verdict = await deliverer.deliver(job);
      const after = Date.now();
      const attemptAt = receiver.on("/venue")[n - 1]!.receivedAt;
      const row = await prisma.delivery.findUniqueOrThrow({ where: { id: job.deliveryId } });
      const nominal = Math.round(n ** 1.5 * 1000);
      expect(verdict, `attempt ${n}`).toEqual({ kind: "later", delayMs: expect.any(Number), recorded: true });
      const { delayMs } = verdict as { delayMs: number };
      expect(row, `attempt ${n}`).toMatchObject({ status: "PENDING", attemptCount: n, nextAttemptAt: expect.any(Date) });
      const next = row.nextAttemptAt!.getTime();
      expect(delayMs, `attempt ${n}`).toBeGreaterThanOrEqual(nominal);
      expect(delayMs, `attempt ${n}`).toBeLessThanOrEqual(nominal + 1000);
      // The delay counts from the moment the attempt was decided, after the receiver answered.
      expect(next, `attempt ${n}`).toBeGreaterThanOrEqual(before + delayMs);
      expect(next, `attempt ${n}`).toBeLessThanOrEqual(after + delayMs);
      // From the request's arrival: the policy's window, plus the response's way back to the worker.
      expect(next - attemptAt, `attempt ${n}`).toBeGreaterThanOrEqual(nominal);
      expect(next - attemptAt, `attempt ${n}`).toBeLessThanOrEqual(nominal + 1000 + RESPONSE_SLACK_MS);
      jitters.push(delayMs - nominal);
      if (n === 3) {
        const { delivery } = await org.client.request(DeliveryDocument, { id: job.deliveryId });
        expect(delivery).toMatchObject({ status: "PENDING", attemptCount: 3, nextAttemptAt: row.nextAttemptAt!.toISOString() });
      }
    }
    // Up to 1000 ms is added to each delay: not the same amount every time.
    expect(new Set(jitters).size).toBeGreaterThan(1);

    expect(await deliverer.deliver(job)).toEqual({ kind: "done" });
    const last = await prisma.delivery.findUniqueOrThrow({ where: { id: job.deliveryId } });
    expect(last).toMatchObject({ status: "FAILED", attemptCount: 41, nextAttemptAt: null });
    const attempts = await prisma.deliveryAttempt.findMany({ where: { deliveryId: job.deliveryId }, orderBy: { attemptNumber: "asc" } });
    expect(attempts.map((a) => a.attemptNumber)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(attempts.map((a) => a.trigger)).toEqual(["INITIAL", ...Array.from({ length: 40 }, () => "RETRY")]);
    expect(attempts.every((a) => a.responseStatus === 500)).toBe(true);
    expect(attempts.at(-1)!.errorMessage).toMatch(/gave up after 41 attempts/);
    const { delivery } = await org.client.request(DeliveryDocument, { id: job.deliveryId });
    expect(delivery).toMatchObject({ status: "FAILED", attemptCount: 41, nextAttemptAt: null });

    // A job coming back for the finished delivery is stale: no 42nd request.
    expect(await deliverer.deliver(job)).toEqual({ kind: "done" });
    const requests = receiver.on("/venue");
    expect(requests).toHaveLength(41);
    requests.forEach((req, i) => {
      expect(req.headers["x-herald-attempt"]).toBe(String(i + 1));
      expect(venueReceiver.verify(req.headers, req.body, IMPORTED), `attempt ${i + 1}`).toEqual({ ok: true });
    });
  });
});
