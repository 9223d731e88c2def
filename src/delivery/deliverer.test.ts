import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { DeliveryJob } from "../nats/delivery-jobs.ts";
import { compileEnvelopeMapping, VENUE_ENVELOPE } from "../rules/envelope-mapping.ts";
import { compileWireFormat, DEFAULT_WIRE_FORMAT, VENUE, whsecKey } from "../rules/wire-format.ts";
import type { AttemptRecord, Reservation } from "../store/deliveries.ts";
import { createDeliverer, type DelivererDeps } from "./deliverer.ts";
import type { EndpointTarget } from "./endpoint-cache.ts";
import type { AttemptResult } from "./http-client.ts";
import { deliveryMetrics } from "./metrics.ts";
import { PlannedDelivery } from "./planned-delivery.ts";

// The delivery steps (resolve target → admit → send → settle) driven with hand-written fakes:
// no Postgres, no NATS, no HTTP. The integration tests prove the real path.

const job: DeliveryJob = {
  deliveryId: "dlv_1",
  organizationId: "org_1",
  endpointId: "ep_1",
  eventId: "evt_1",
  eventType: "order.created",
  runId: "run_1",
  body: new TextEncoder().encode('{"id":"evt_1"}'),
};

const endpoint: EndpointTarget = {
  id: "ep_1",
  organizationId: "org_1",
  url: "https://receiver.example/hook",
  active: true,
  disabled: false,
  headers: {},
  rateLimitPerSecond: null,
  retryPolicy: null,
  timeoutMs: null,
  maxInFlight: null,
  sign: compileWireFormat(DEFAULT_WIRE_FORMAT, [whsecKey(Buffer.alloc(32, 7))]),
  encode: null,
  holdsLineOnFailure: false,
};

interface Fakes {
  sent: { url: string; body: Buffer; headers: Record<string, string>; timeoutMs?: number | null }[];
  recorded: AttemptRecord[];
  reserved: string[];
}

function deliverer(opts: {
  endpoint?: EndpointTarget | null;
  respond?: () => AttemptResult | Promise<AttemptResult>;
  reservation?: Reservation | null;
  rateLimitWaitMs?: number;
  recordFails?: boolean;
  endpointMaxInFlight?: number;
  endpoints?: DelivererDeps["endpoints"];
}) {
  const fakes: Fakes = { sent: [], recorded: [], reserved: [] };
  const deps: DelivererDeps = {
    endpoints: opts.endpoints ?? { get: async () => (opts.endpoint === undefined ? endpoint : opts.endpoint) },
    client: {
      send: async (url, body, headers, timeoutMs) => {
        fakes.sent.push({ url, body, headers, timeoutMs });
        return (opts.respond ?? (() => ({ ok: true, status: 200, body: "ok", durationMs: 12 })))();
      },
    },
    rateLimiter: { take: async () => opts.rateLimitWaitMs ?? 0 },
    metrics: deliveryMetrics(new Registry()),
    attempts: {
      reserve: async (j) => {
        fakes.reserved.push(j.deliveryId);
        return opts.reservation === undefined ? { attemptNumber: 3, runAttempts: 1, runTrigger: "MANUAL" } : opts.reservation;
      },
      record: async (outcome) => {
        if (opts.recordFails) throw new Error("postgres away");
        fakes.recorded.push(outcome);
      },
      drain: async () => {},
    },
    log: { error: () => {} },
    settings: { concurrency: 10, endpointMaxInFlight: opts.endpointMaxInFlight ?? 10, retryPolicy: { schedule: [5, 60] } },
  };
  return { deliverer: createDeliverer(deps), fakes };
}

describe("deliver", () => {
  it("sends a signed request and records a success", async () => {
    const { deliverer: d, fakes } = deliverer({});
    expect(await d.deliver(job)).toEqual({ kind: "done" });
    expect(fakes.reserved).toEqual(["dlv_1"]);
    expect(fakes.sent).toHaveLength(1);
    expect(fakes.sent[0]!.url).toBe(endpoint.url);
    expect(fakes.sent[0]!.headers).toMatchObject({ "webhook-id": "evt_1", "webhook-signature": expect.stringMatching(/^v1,/) });
    expect(fakes.recorded).toEqual([
      expect.objectContaining({
        deliveryId: "dlv_1",
        status: "SUCCEEDED",
        nextAttemptAt: null,
        attempt: expect.objectContaining({ attemptNumber: 3, trigger: "MANUAL", responseStatus: 200, succeeded: true, durationMs: 12 }),
      }),
    ]);
  });

  it("schedules a retry after a retryable failure, from the default schedule", async () => {
    const { deliverer: d, fakes } = deliverer({ respond: () => ({ ok: false, status: 503, durationMs: 5 }) });
    const verdict = await d.deliver(job);
    expect(verdict).toMatchObject({ kind: "later", recorded: true });
    // 5 s, moved by the retry jitter.
    expect((verdict as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(2_500);
    expect((verdict as { delayMs: number }).delayMs).toBeLessThanOrEqual(7_500);
    expect(fakes.recorded[0]).toMatchObject({ status: "PENDING", nextAttemptAt: expect.any(Date), attempt: { succeeded: false, responseStatus: 503 } });
  });

  it("fails a 410 Gone at once and asks for its endpoint to be disabled, with the reason", async () => {
    const { deliverer: d, fakes } = deliverer({ respond: () => ({ ok: false, status: 410, body: "gone", durationMs: 5 }) });
    expect(await d.deliver(job)).toEqual({ kind: "done" });
    expect(fakes.recorded[0]).toMatchObject({
      status: "FAILED",
      nextAttemptAt: null,
      disableEndpoint: "receiver answered 410 Gone",
      attempt: { responseStatus: 410, errorMessage: "receiver answered 410 Gone" },
    });
  });

  it("asks no endpoint to be disabled for other permanent failures", async () => {
    const { deliverer: d, fakes } = deliverer({ respond: () => ({ ok: false, status: 404, durationMs: 5 }) });
    await d.deliver(job);
    expect(fakes.recorded[0]).toMatchObject({ status: "FAILED" });
    expect(fakes.recorded[0]!.disableEndpoint).toBeUndefined();
  });

  it("sends with the endpoint's own timeout, or none to keep the client's", async () => {
    const own = deliverer({ endpoint: { ...endpoint, timeoutMs: 1_500 } });
    await own.deliverer.deliver(job);
    expect(own.fakes.sent[0]!.timeoutMs).toBe(1_500);
    const dflt = deliverer({});
    await dflt.deliverer.deliver(job);
    expect(dflt.fakes.sent[0]!.timeoutMs).toBeNull();
  });

  it("retries on the endpoint's own policy rather than the default", async () => {
    const venue = { power: 1.5, baseSeconds: 1, maxAttempts: 41, jitterSeconds: 1 };
    const { deliverer: d } = deliverer({
      endpoint: { ...endpoint, retryPolicy: venue },
      reservation: { attemptNumber: 3, runAttempts: 3, runTrigger: "INITIAL" },
      respond: () => ({ ok: false, status: 500, durationMs: 5 }),
    });
    // The third attempt of its run failed: retry 3 waits round(3^1.5 × 1000) ms plus up to 1 s.
    const verdict = (await d.deliver(job)) as { delayMs: number };
    expect(verdict.delayMs).toBeGreaterThanOrEqual(5_196);
    expect(verdict.delayMs).toBeLessThanOrEqual(6_196);
  });

  it("sends the body under the endpoint's envelope mapping, signed in its wire format", async () => {
    const target = { ...endpoint, sign: compileWireFormat(VENUE, [whsecKey(Buffer.alloc(32, 7))]), encode: compileEnvelopeMapping(VENUE_ENVELOPE) };
    const published = {
      ...job,
      body: new TextEncoder().encode('{"id":"evt_1","type":"order.created","timestamp":"2026-12-06T00:00:00Z","organizationId":"org_1","data":{"n":1}}'),
    };
    const { deliverer: d, fakes } = deliverer({ endpoint: target });
    await d.deliver(published);
    expect(fakes.sent[0]!.body.toString()).toBe('{"id":"evt_1","event":"order.created","payload":{"n":1}}');
    expect(fakes.sent[0]!.headers["x-webhook-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(fakes.sent[0]!.headers).not.toHaveProperty("webhook-signature");
  });

  it("fails a delivery at once on a permanent failure", async () => {
    const { deliverer: d, fakes } = deliverer({ respond: () => ({ ok: false, status: 400, body: "nope", durationMs: 5 }) });
    expect(await d.deliver(job)).toEqual({ kind: "done" });
    expect(fakes.recorded[0]).toMatchObject({ status: "FAILED", nextAttemptAt: null, attempt: { errorMessage: "receiver answered 400" } });
  });

  it.each([
    ["deleted", null, "CANCELLED"],
    ["without a secret that can sign", { ...endpoint, sign: null }, "CANCELLED"],
    ["disabled", { ...endpoint, active: false, disabled: true }, "HELD"],
  ])("stops the delivery of an endpoint %s without a request: %s", async (_name, target, status) => {
    const { deliverer: d, fakes } = deliverer({ endpoint: target });
    expect(await d.deliver(job)).toEqual({ kind: "done" });
    expect(fakes.sent).toEqual([]);
    expect(fakes.recorded).toEqual([expect.objectContaining({ status, nextAttemptAt: null })]);
    expect(fakes.recorded[0]!.attempt).toBeUndefined();
  });

  it("reads a cached disabled endpoint again before holding: enabled meanwhile, it delivers", async () => {
    const reads: (boolean | undefined)[] = [];
    const { deliverer: d, fakes } = deliverer({
      endpoints: {
        get: async (_id, opts) => {
          reads.push(opts?.fresh);
          return opts?.fresh ? endpoint : { ...endpoint, active: false, disabled: true };
        },
      },
    });
    expect(await d.deliver(job)).toEqual({ kind: "done" });
    expect(reads).toEqual([undefined, true]);
    expect(fakes.sent).toHaveLength(1);
    expect(fakes.recorded[0]).toMatchObject({ status: "SUCCEEDED" });
  });

  it("puts a rate-limited job back for between the wait and twice that, unrecorded", async () => {
    const { deliverer: d, fakes } = deliverer({ endpoint: { ...endpoint, rateLimitPerSecond: 1 }, rateLimitWaitMs: 400 });
    const verdict = await d.deliver(job);
    expect(verdict).toMatchObject({ kind: "later", recorded: false });
    expect((verdict as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(400);
    expect((verdict as { delayMs: number }).delayMs).toBeLessThanOrEqual(800);
    expect(fakes.sent).toEqual([]);
    expect(fakes.recorded).toEqual([]);
  });

  it("puts a job back when the endpoint's line is full", async () => {
    let answer!: (r: AttemptResult) => void;
    const hanging = new Promise<AttemptResult>((r) => (answer = r));
    const { deliverer: d, fakes } = deliverer({ endpointMaxInFlight: 1, respond: () => hanging });
    const inFlight = d.deliver(job);
    const waiting = d.deliver({ ...job, deliveryId: "dlv_2" });
    await new Promise((r) => setImmediate(r));
    const turnedAway = await d.deliver({ ...job, deliveryId: "dlv_3" });
    expect(turnedAway).toMatchObject({ kind: "later", recorded: false });
    expect((turnedAway as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(50);
    answer({ ok: true, status: 200, durationMs: 1 });
    expect(await inFlight).toEqual({ kind: "done" });
    expect(await waiting).toEqual({ kind: "done" });
    expect(fakes.recorded.map((r) => r.deliveryId)).toEqual(["dlv_1", "dlv_2"]);
  });

  it("keeps to the endpoint's own maxInFlight below the worker's", async () => {
    const answers: ((r: AttemptResult) => void)[] = [];
    const { deliverer: d, fakes } = deliverer({
      endpoint: { ...endpoint, maxInFlight: 2 },
      endpointMaxInFlight: 10,
      respond: () => new Promise<AttemptResult>((r) => answers.push(r)),
    });
    const ok: AttemptResult = { ok: true, status: 200, durationMs: 1 };
    const runs = [0, 1, 2].map((i) => d.deliver({ ...job, deliveryId: `dlv_${i}` }));
    await new Promise((r) => setImmediate(r));
    expect(fakes.sent).toHaveLength(2);
    answers.shift()!(ok);
    for (let i = 0; i < 20 && answers.length < 2; i++) await new Promise((r) => setImmediate(r));
    // The third went only once the first had answered.
    expect(fakes.sent).toHaveLength(3);
    for (const answer of answers.splice(0)) answer(ok);
    expect(await Promise.all(runs)).toEqual([{ kind: "done" }, { kind: "done" }, { kind: "done" }]);
  });

  it("drops a stale job (settled, or superseded by a newer run) without a request", async () => {
    const { deliverer: d, fakes } = deliverer({ reservation: null });
    expect(await d.deliver(job)).toEqual({ kind: "done" });
    expect(fakes.sent).toEqual([]);
    expect(fakes.recorded).toEqual([]);
  });

  it("hands the job back as it was when the attempt log cannot be written", async () => {
    const { deliverer: d } = deliverer({ recordFails: true });
    expect(await d.deliver(job)).toEqual({ kind: "unrecorded" });
  });

  it("makes a planned delivery's first attempt without a reservation, and marks its record planned", async () => {
    const { deliverer: d, fakes } = deliverer({});
    expect(await d.deliver(job, new PlannedDelivery(job))).toEqual({ kind: "done" });
    expect(fakes.reserved).toEqual([]);
    expect(fakes.recorded[0]).toMatchObject({
      planned: { eventType: "order.created", writtenEarly: false },
      attempt: { attemptNumber: 1, trigger: "INITIAL" },
    });
  });
});
