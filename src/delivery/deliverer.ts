import type { AttemptTrigger } from "../db/client.ts";
import { announceEndpointChange } from "../nats/endpoint-changes.ts";
import { ALERT_SUBJECT } from "../nats/streams.ts";
import type { Services } from "../app/services.ts";
import { MicroBatcher } from "../util/batcher.ts";
import { Semaphore } from "../util/semaphore.ts";
import { VERSION } from "../version.ts";
import { recordAttempts, reserveAttempts, type AttemptRecord, type RecordedBatch, type Reservation } from "../store/deliveries.ts";
import { decideNextStep } from "../rules/next-step.ts";
import type { EndpointCache, EndpointTarget } from "./endpoint-cache.ts";
import { EndpointGate } from "./endpoint-gate.ts";
import { EVENTS_HELD_PER_SLOT, JOBS_HELD_PER_SLOT } from "./holding.ts";
import { buildDeliveryHeaders } from "../rules/headers.ts";
import type { AttemptResult, DeliveryClient } from "./http-client.ts";
import type { DeliveryJob } from "../nats/delivery-jobs.ts";
import type { DeliveryMetrics } from "./metrics.ts";
import type { PlannedDelivery } from "./planned-delivery.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { DEFAULT_RETRY_SCHEDULE_SECONDS } from "../rules/retry-policy.ts";
import { signPayload } from "../rules/sign.ts";

export interface DelivererDeps {
  endpoints: EndpointCache;
  client: DeliveryClient;
  rateLimiter: RateLimiter;
  metrics: DeliveryMetrics;
}

/** What became of a job; the caller turns it into an ack, a nak or a job for later. */
export type Verdict =
  /** Settled and recorded, or stale (settled already, or superseded by a newer run): nothing is left to do. */
  | { kind: "done" }
  /**
   * Still pending (a retry is due, or the endpoint could not take it now): the job must come
   * back after `delayMs`. `recorded`: this attempt's outcome was written, so the delivery's row
   * is there (or another run of the same event owns the delivery).
   */
  | { kind: "later"; delayMs: number; recorded: boolean }
  /** The attempt log could not be written: the job must come back as it was. */
  | { kind: "unrecorded" };

/**
 * The attempt of a planned delivery: ingest makes the first attempt of a delivery it has just
 * planned, which no one else can have claimed, so it claims attempt 1 without a round trip
 * (the attempt-log write stores the count).
 */
const FIRST_ATTEMPT: Reservation = { attemptNumber: 1, runAttempts: 1, runTrigger: "INITIAL" };

export interface Deliverer {
  /**
   * Makes one signed attempt of a job and records it. A planned delivery makes its first
   * attempt; any other job reserves its attempt number first.
   */
  deliver(job: DeliveryJob, planned?: PlannedDelivery): Promise<Verdict>;
  /** Waits for the attempt log to be written. */
  drain(): Promise<void>;
}

/** Between `base` and twice that, so jobs put back together do not come back together. */
export const jitter = (base: number) => base + Math.floor(Math.random() * base);
/** ±50 %, so jobs given the same wait do not all come back at once. */
const spread = (ms: number) => Math.round(ms * (0.5 + Math.random()));

/**
 * The delivery service shared by the ingest stage (first attempts, made as soon as an event
 * is stored) and the delivery consumer (retries, manual runs, and what ingest handed off):
 * one per-endpoint gate, one bound on requests in flight and one attempt log per process.
 */
export function createDeliverer(services: Services, deps: DelivererDeps): Deliverer {
  const { config, log, db, nats, realtime } = services;
  const defaultSchedule = config.RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE_SECONDS;
  const inFlight = new Semaphore(config.DELIVERY_CONCURRENCY);
  const gate = new EndpointGate({
    cap: config.ENDPOINT_MAX_IN_FLIGHT,
    // Every job the worker can hold: a fast endpoint clears its line within lineWaitMs
    // anyway, and a shorter cap sent the delivery consumer's jobs back again and again while
    // ingest's events kept the line full.
    maxWaitingFast: config.DELIVERY_CONCURRENCY * (EVENTS_HELD_PER_SLOT + JOBS_HELD_PER_SLOT),
    maxWaitingSlow: Math.max(1, config.ENDPOINT_MAX_IN_FLIGHT >> 1),
    lineWaitMs: 2_000,
  });

  const reserver = new MicroBatcher<{ deliveryId: string; runId: string }, Reservation | null>((jobs) => reserveAttempts(db.pool, jobs), {
    maxSize: 500,
    concurrency: 2,
  });
  const recorder = new MicroBatcher<AttemptRecord, void>(
    async (outcomes) => {
      const recorded = await persistWithRetry(outcomes);
      announce(recorded, outcomes);
      return outcomes.map(() => undefined);
    },
    { maxSize: 1_000, concurrency: 2 },
  );

  async function persistWithRetry(outcomes: AttemptRecord[]): Promise<RecordedBatch> {
    // Postgres may be briefly away; the jobs stay held (not acked) meanwhile, so an outage
    // delays the log but loses nothing. Past the deadline the caller lets them come back.
    const deadline = Date.now() + Math.max(5_000, config.DELIVERY_TIMEOUT_MS);
    for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        return await recordAttempts(db.pool, outcomes, config.ENDPOINT_DISABLE_AFTER_HOURS);
      } catch (err) {
        if (Date.now() > deadline) throw err;
        log.warn({ err: (err as Error).message }, "attempt log write failed; retrying");
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  function announce(recorded: RecordedBatch, outcomes: AttemptRecord[]) {
    for (const a of recorded.attempts) realtime.announce.attempt(a);
    for (const d of recorded.deliveries) realtime.announce.delivery(d);
    for (const o of outcomes) {
      if (o.status === "FAILED") {
        nats.nc.publish(
          ALERT_SUBJECT,
          JSON.stringify({
            type: "delivery.failed",
            organizationId: o.organizationId,
            delivery: o.deliveryId,
            endpoint: o.endpointId,
            event: o.eventId,
            reason: o.attempt?.errorMessage ?? (o.attempt?.responseStatus ? `receiver answered ${o.attempt.responseStatus}` : "failed"),
            at: new Date().toISOString(),
          }),
        );
      }
    }
    for (const endpointId of recorded.disabledEndpoints) {
      // Every process's caches (routing in ingest, endpoints here) must forget it.
      announceEndpointChange(services, endpointId);
      nats.nc.publish(
        ALERT_SUBJECT,
        JSON.stringify({
          type: "endpoint.disabled",
          endpoint: endpointId,
          reason: `every attempt failed for ${config.ENDPOINT_DISABLE_AFTER_HOURS} hours`,
          at: new Date().toISOString(),
        }),
      );
      log.warn({ endpointId }, "endpoint disabled after failing too long");
    }
  }

  async function post(job: DeliveryJob, endpoint: EndpointTarget, reservation: Reservation): Promise<AttemptResult> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signPayload({ msgId: job.eventId, timestamp, body: job.body, keys: endpoint.keys });
    const headers = buildDeliveryHeaders({
      msgId: job.eventId,
      timestamp,
      signature,
      eventType: job.eventType,
      deliveryId: job.deliveryId,
      attempt: reservation.attemptNumber,
      version: VERSION,
      custom: endpoint.headers,
    });
    await inFlight.acquire();
    try {
      return await deps.client.send(endpoint.url, Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength), headers);
    } finally {
      inFlight.release();
    }
  }

  async function record(outcome: AttemptRecord, planned?: PlannedDelivery): Promise<boolean> {
    try {
      if (planned) {
        const early = planned.close();
        if (early) await early;
        outcome.planned = { eventType: planned.job.eventType, writtenEarly: early !== undefined };
      }
      await recorder.add(outcome);
      return true;
    } catch (err) {
      log.error({ err: (err as Error).message, deliveryId: outcome.deliveryId }, "attempt not recorded; job will come back");
      return false;
    }
  }

  async function deliver(job: DeliveryJob, planned?: PlannedDelivery): Promise<Verdict> {
    const endpoint = await deps.endpoints.get(job.endpointId);
    if (!endpoint?.active || endpoint.keys.length === 0) {
      // Deleted or disabled since the job was queued: the delivery is cancelled, not attempted.
      const recorded = await record({ ...ids(job), status: "CANCELLED", nextAttemptAt: null }, planned);
      return recorded ? { kind: "done" } : { kind: "unrecorded" };
    }
    if (endpoint.rateLimitPerSecond) {
      const waitMs = await deps.rateLimiter.take(endpoint.id, endpoint.rateLimitPerSecond).catch(() => 0);
      if (waitMs > 0) {
        deps.metrics.deferred.inc({ reason: "rate_limit" });
        return { kind: "later", delayMs: jitter(waitMs), recorded: false };
      }
    }
    if (!(await gate.enter(endpoint.id))) {
      deps.metrics.deferred.inc({ reason: "endpoint_busy" });
      return { kind: "later", delayMs: spread(gate.deferral(endpoint.id)), recorded: false };
    }
    let reservation: Reservation | null;
    let result: AttemptResult | undefined;
    try {
      reservation = planned ? FIRST_ATTEMPT : await reserver.add({ deliveryId: job.deliveryId, runId: job.runId });
      // Settled already, or a newer run (redeliver/replay) superseded this job.
      if (!reservation) return { kind: "done" };
      result = await post(job, endpoint, reservation);
    } finally {
      gate.leave(endpoint.id, result?.durationMs, result?.error === "TIMEOUT");
    }
    const schedule = endpoint.retrySchedule.length > 0 ? endpoint.retrySchedule : defaultSchedule;
    const decision = decideNextStep(result, schedule, reservation.runAttempts);
    const trigger: AttemptTrigger = reservation.runAttempts === 1 ? reservation.runTrigger : "RETRY";
    deps.metrics.attempts.inc({ outcome: result.ok ? "success" : (result.error ?? String(result.status ?? "error")) });
    deps.metrics.attemptDuration.observe(result.durationMs / 1000);
    const recorded = await record(
      {
        ...ids(job),
        attempt: {
          attemptNumber: reservation.attemptNumber,
          runAttempts: reservation.runAttempts,
          trigger,
          responseStatus: result.status ?? null,
          responseBody: result.body ?? null,
          error: result.ok ? null : (result.error ?? null),
          errorMessage: result.errorMessage ?? decision.reason ?? null,
          durationMs: Math.round(result.durationMs),
          succeeded: result.ok,
        },
        status: decision.status,
        nextAttemptAt: decision.retryInMs === null ? null : new Date(Date.now() + decision.retryInMs),
      },
      planned,
    );
    if (!recorded) return { kind: "unrecorded" };
    return decision.retryInMs === null ? { kind: "done" } : { kind: "later", delayMs: decision.retryInMs, recorded: true };
  }

  return { deliver, drain: () => recorder.drain() };
}

function ids(job: DeliveryJob) {
  return { deliveryId: job.deliveryId, runId: job.runId, organizationId: job.organizationId, endpointId: job.endpointId, eventId: job.eventId };
}
