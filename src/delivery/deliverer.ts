import type { AttemptTrigger } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { DeliveryJob } from "../nats/delivery-jobs.ts";
import { buildDeliveryHeaders } from "../rules/headers.ts";
import { decideNextStep, type NextStep } from "../rules/next-step.ts";
import type { EnvelopeFields } from "../rules/envelope-mapping.ts";
import { jitter, type RetryPolicy } from "../rules/retry-policy.ts";
import type { Signer } from "../rules/wire-format.ts";
import type { AttemptRecord, Reservation } from "../store/deliveries.ts";
import { Semaphore } from "../util/semaphore.ts";
import { VERSION } from "../version.ts";
import type { AttemptLog } from "./attempt-log.ts";
import type { EndpointTarget } from "./endpoint-cache.ts";
import { EndpointGate } from "./endpoint-gate.ts";
import { EVENTS_HELD_PER_SLOT, JOBS_HELD_PER_SLOT } from "./holding.ts";
import type { AttemptResult, DeliveryClient } from "./http-client.ts";
import type { DeliveryMetrics } from "./metrics.ts";
import type { PlannedDelivery } from "./planned-delivery.ts";
import type { RateLimiter } from "./rate-limit.ts";

export interface DelivererDeps {
  endpoints: { get(endpointId: string, opts?: { fresh?: boolean }): Promise<EndpointTarget | null> };
  client: Pick<DeliveryClient, "send">;
  rateLimiter: RateLimiter;
  metrics: DeliveryMetrics;
  attempts: Pick<AttemptLog, "reserve" | "record" | "drain">;
  log: Pick<Logger, "error">;
  settings: {
    /** Requests in flight in this process. */
    concurrency: number;
    endpointMaxInFlight: number;
    /** For endpoints (and organizations) without a policy of their own. */
    retryPolicy: RetryPolicy;
  };
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

const DONE: Verdict = { kind: "done" };
const UNRECORDED: Verdict = { kind: "unrecorded" };

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

/** A request made: the attempt number it used, the headers sent and what the receiver did. */
interface Sent {
  reservation: Reservation;
  headers: Record<string, string>;
  result: AttemptResult;
}

/**
 * The delivery service shared by the ingest stage (first attempts, made as soon as an event
 * is stored) and the delivery consumer (retries, manual runs, and what ingest handed off):
 * one per-endpoint gate, one bound on requests in flight and one attempt log per process.
 */
export function createDeliverer(deps: DelivererDeps): Deliverer {
  return new DeliveryService(deps);
}

/** A job goes through resolve target → admit → send → settle. */
class DeliveryService implements Deliverer {
  private readonly inFlight: Semaphore;
  private readonly gate: EndpointGate;

  constructor(private readonly deps: DelivererDeps) {
    const { concurrency, endpointMaxInFlight } = deps.settings;
    this.inFlight = new Semaphore(concurrency);
    this.gate = new EndpointGate({
      cap: endpointMaxInFlight,
      // Every job the worker can hold: a fast endpoint clears its line within lineWaitMs
      // anyway, and a shorter cap sent the delivery consumer's jobs back again and again while
      // ingest's events kept the line full.
      maxWaitingFast: concurrency * (EVENTS_HELD_PER_SLOT + JOBS_HELD_PER_SLOT),
      maxWaitingSlow: Math.max(1, endpointMaxInFlight >> 1),
      lineWaitMs: 2_000,
    });
  }

  async deliver(job: DeliveryJob, planned?: PlannedDelivery): Promise<Verdict> {
    let endpoint = await this.deps.endpoints.get(job.endpointId);
    // Enabling publishes the endpoint's held deliveries at once, maybe before this worker has
    // heard of it: a cached "disabled" is read again before the delivery is held.
    if (endpoint?.disabled) endpoint = await this.deps.endpoints.get(job.endpointId, { fresh: true });
    if (!endpoint?.active || !endpoint.sign) return this.stop(job, endpoint?.disabled === true, planned);
    const deferred = await this.admit(endpoint);
    if (deferred) return deferred;
    const sent = await this.send(job, endpoint, planned);
    return sent ? this.settle(job, endpoint, sent, planned) : DONE;
  }

  drain(): Promise<void> {
    return this.deps.attempts.drain();
  }

  /**
   * Disabled since the job was queued: the delivery is held (HELD), not attempted, until the
   * endpoint is enabled. Deleted, or no valid secret signs for it: cancelled.
   */
  private async stop(job: DeliveryJob, disabled: boolean, planned?: PlannedDelivery): Promise<Verdict> {
    return (await this.record({ ...ids(job), status: disabled ? "HELD" : "CANCELLED", nextAttemptAt: null }, planned)) ? DONE : UNRECORDED;
  }

  /** A put-back when the endpoint cannot take the job now (its rate limit, or its line is full); undefined to go ahead. */
  private async admit(endpoint: EndpointTarget): Promise<Verdict | undefined> {
    const { rateLimiter, metrics } = this.deps;
    if (endpoint.rateLimitPerSecond) {
      const waitMs = await rateLimiter.take(endpoint.id, endpoint.rateLimitPerSecond).catch(() => 0);
      if (waitMs > 0) {
        metrics.deferred.inc({ reason: "rate_limit" });
        // Between the wait and twice that, so jobs put back together do not come back together.
        return { kind: "later", delayMs: jitter(1.5 * waitMs, 1 / 3), recorded: false };
      }
    }
    if (await this.gate.enter(endpoint.id, endpoint.maxInFlight)) return undefined;
    metrics.deferred.inc({ reason: "endpoint_busy" });
    return { kind: "later", delayMs: jitter(this.gate.deferral(endpoint.id), 0.5), recorded: false };
  }

  /** Inside the endpoint's gate: claims the attempt number, then makes the signed request; undefined when the job is stale. */
  private async send(job: DeliveryJob, endpoint: EndpointTarget, planned?: PlannedDelivery): Promise<Sent | undefined> {
    let result: AttemptResult | undefined;
    try {
      const reservation = planned ? FIRST_ATTEMPT : await this.deps.attempts.reserve(job);
      // Settled already, or a newer run (redeliver/replay) superseded this job.
      if (!reservation) return undefined;
      const body = endpoint.encode ? endpoint.encode(envelopeOf(job.body)) : Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
      const headers = attemptHeaders(job, endpoint, endpoint.sign!, body, reservation.attemptNumber);
      await this.inFlight.acquire();
      try {
        result = await this.deps.client.send(endpoint.url, body, headers, endpoint.timeoutMs);
      } finally {
        this.inFlight.release();
      }
      return { reservation, headers, result };
    } finally {
      this.gate.leave(endpoint.id, result?.durationMs, result?.error === "TIMEOUT");
    }
  }

  /** Decides the next step from the response, records the attempt and says what the job needs now. */
  private async settle(job: DeliveryJob, endpoint: EndpointTarget, sent: Sent, planned?: PlannedDelivery): Promise<Verdict> {
    const { reservation, result } = sent;
    const decision = decideNextStep(result, endpoint.retryPolicy ?? this.deps.settings.retryPolicy, reservation.runAttempts);
    this.deps.metrics.attempts.inc({ outcome: result.ok ? "success" : (result.error ?? String(result.status ?? "error")) });
    this.deps.metrics.attemptDuration.observe(result.durationMs / 1000);
    const record = attemptRecord(job, sent, decision);
    if (endpoint.holdsLineOnFailure) record.holdsLineOnFailure = true;
    if (!(await this.record(record, planned))) return UNRECORDED;
    return decision.retryInMs === null ? DONE : { kind: "later", delayMs: decision.retryInMs, recorded: true };
  }

  /** Writes the outcome (after the planned delivery's early write, if any); false when it could not be written. */
  private async record(outcome: AttemptRecord, planned?: PlannedDelivery): Promise<boolean> {
    try {
      if (planned) {
        const early = planned.close();
        if (early) await early;
        outcome.planned = { eventType: planned.job.eventType, writtenEarly: early !== undefined };
      }
      await this.deps.attempts.record(outcome);
      return true;
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message, deliveryId: outcome.deliveryId }, "attempt not recorded; job will come back");
      return false;
    }
  }
}

/** The published envelope, for an endpoint that takes it under other field names; ingest validated it. */
function envelopeOf(body: Uint8Array): EnvelopeFields {
  return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8")) as EnvelopeFields;
}

function attemptHeaders(job: DeliveryJob, endpoint: EndpointTarget, sign: Signer, body: Uint8Array, attempt: number): Record<string, string> {
  return buildDeliveryHeaders({
    signed: sign({ id: job.eventId, timestamp: Math.floor(Date.now() / 1000), eventType: job.eventType, body }),
    eventType: job.eventType,
    deliveryId: job.deliveryId,
    attempt,
    version: VERSION,
    custom: endpoint.headers,
  });
}

function attemptRecord(job: DeliveryJob, { reservation, headers, result }: Sent, decision: NextStep): AttemptRecord {
  const trigger: AttemptTrigger = reservation.runAttempts === 1 ? reservation.runTrigger : "RETRY";
  return {
    ...ids(job),
    attempt: {
      attemptNumber: reservation.attemptNumber,
      runAttempts: reservation.runAttempts,
      trigger,
      responseStatus: result.status ?? null,
      responseBody: result.body ?? null,
      requestHeaders: headers,
      responseHeaders: result.headers ?? null,
      error: result.ok ? null : (result.error ?? null),
      errorMessage: result.errorMessage ?? decision.reason ?? null,
      durationMs: Math.round(result.durationMs),
      succeeded: result.ok,
    },
    status: decision.status,
    nextAttemptAt: decision.retryInMs === null ? null : new Date(Date.now() + decision.retryInMs),
    ...(decision.disableEndpoint && { disableEndpoint: decision.disableEndpoint }),
  };
}

function ids(job: DeliveryJob) {
  return { deliveryId: job.deliveryId, runId: job.runId, organizationId: job.organizationId, endpointId: job.endpointId, eventId: job.eventId };
}
