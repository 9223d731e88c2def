import type { JsMsg } from "@nats-io/jetstream";
import type { AttemptTrigger, DeliveryStatus } from "../db/client.ts";
import { consumeForever, type ConsumeLoop } from "../nats/consume.ts";
import { announceEndpointChange } from "../nats/endpoint-changes.ts";
import { ALERT_SUBJECT, DELIVERIES_STREAM, DELIVERY_CONSUMER } from "../nats/streams.ts";
import { attemptTopic, deliveryTopic } from "../realtime/topics.ts";
import type { Services } from "../services.ts";
import { MicroBatcher } from "../util/batcher.ts";
import { Semaphore } from "../util/semaphore.ts";
import { VERSION } from "../version.ts";
import { recordOutcomes, reserveAttempts, type AttemptOutcome, type RecordedBatch, type Reservation } from "./attempt-store.ts";
import type { EndpointCache, EndpointTarget } from "./endpoint-cache.ts";
import { EndpointGate } from "./endpoint-gate.ts";
import { buildDeliveryHeaders } from "./headers.ts";
import type { AttemptResult, DeliveryClient } from "./http-client.ts";
import { decodeJob, type DeliveryJob } from "./jobs.ts";
import type { DeliveryMetrics } from "./metrics.ts";
import { classifyResponse, honoursRetryAfter } from "./outcome.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { DEFAULT_RETRY_SCHEDULE_SECONDS, nextRetryDelayMs } from "./retry-policy.ts";
import { signPayload } from "./sign.ts";

export interface WorkerDeps {
  endpoints: EndpointCache;
  client: DeliveryClient;
  rateLimiter: RateLimiter;
  metrics: DeliveryMetrics;
}

/** What happens to a delivery after an attempt: the pure retry decision. */
export function decideOutcome(
  result: Pick<AttemptResult, "ok" | "status" | "error" | "retryAfterMs">,
  schedule: readonly number[],
  runAttempts: number,
): { status: DeliveryStatus; retryInMs: number | null; reason?: string } {
  if (result.ok) return { status: "SUCCEEDED", retryInMs: null };
  if (result.error === "BLOCKED_ADDRESS") return { status: "FAILED", retryInMs: null, reason: "endpoint address is not allowed" };
  if (result.status !== undefined && classifyResponse(result.status) === "permanent") {
    return { status: "FAILED", retryInMs: null, reason: `receiver answered ${result.status}` };
  }
  const retryAfterMs = result.status !== undefined && honoursRetryAfter(result.status) ? result.retryAfterMs : undefined;
  const delay = nextRetryDelayMs({ schedule, attemptsMadeInRun: runAttempts, retryAfterMs });
  if (delay === null) {
    return { status: "FAILED", retryInMs: null, reason: `gave up after ${runAttempts} attempts (last: ${result.status ?? result.error})` };
  }
  return { status: "PENDING", retryInMs: delay };
}

const jitter = (base: number) => base + Math.floor(Math.random() * base);

/**
 * The delivery stage: takes jobs from the DELIVERIES stream, makes one signed POST per
 * job, records the attempt and either acks (settled) or naks with the retry delay, so
 * the backoff lives in JetStream, not in a sleeping worker.
 */
export function startDeliveryWorker(services: Services, deps: WorkerDeps): ConsumeLoop {
  const { config, log, db, nats, realtime } = services;
  const defaultSchedule = config.RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE_SECONDS;
  const inFlight = new Semaphore(config.DELIVERY_CONCURRENCY);
  // Jobs held in memory (in flight or waiting for their endpoint), independent of how many
  // retries JetStream keeps pending for us.
  const held = new Semaphore(config.DELIVERY_CONCURRENCY * 4);
  const gate = new EndpointGate({
    cap: config.ENDPOINT_MAX_IN_FLIGHT,
    maxWaitingFast: config.DELIVERY_CONCURRENCY * 2,
    maxWaitingSlow: Math.max(1, config.ENDPOINT_MAX_IN_FLIGHT >> 1),
    slowMs: Math.min(1_000, config.DELIVERY_TIMEOUT_MS / 4),
  });

  const reserver = new MicroBatcher<{ deliveryId: string; runId: string }, Reservation | null>((jobs) => reserveAttempts(db.pool, jobs), {
    maxSize: 500,
    concurrency: 2,
  });
  const recorder = new MicroBatcher<AttemptOutcome, void>(
    async (outcomes) => {
      const recorded = await persistWithRetry(outcomes);
      announce(recorded, outcomes);
      return outcomes.map(() => undefined);
    },
    { maxSize: 1_000, concurrency: 2 },
  );

  async function persistWithRetry(outcomes: AttemptOutcome[]): Promise<RecordedBatch> {
    // Postgres may be briefly away; the jobs stay held (not acked) meanwhile, so an outage
    // delays the log but loses nothing. Past the deadline the caller naks them.
    const deadline = Date.now() + Math.max(5_000, config.DELIVERY_TIMEOUT_MS);
    for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        return await recordOutcomes(db.pool, outcomes, config.ENDPOINT_DISABLE_AFTER_HOURS);
      } catch (err) {
        if (Date.now() > deadline) throw err;
        log.warn({ err: (err as Error).message }, "attempt log write failed; retrying");
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  function announce(recorded: RecordedBatch, outcomes: AttemptOutcome[]) {
    for (const a of recorded.attempts) realtime.pubsub.publish(attemptTopic(a.organizationId), a);
    for (const d of recorded.deliveries) realtime.pubsub.publish(deliveryTopic(d.organizationId), d);
    for (const o of outcomes) {
      if (o.status === "FAILED") {
        nats.nc.publish(
          ALERT_SUBJECT,
          JSON.stringify({ type: "delivery.failed", organizationId: o.organizationId, delivery: o.deliveryId, endpoint: o.endpointId, event: o.eventId, reason: o.attempt?.errorMessage ?? (o.attempt?.responseStatus ? `receiver answered ${o.attempt.responseStatus}` : "failed"), at: new Date().toISOString() }),
        );
      }
    }
    for (const endpointId of recorded.disabledEndpoints) {
      // Every process's caches (routing in ingest, endpoints here) must forget it.
      announceEndpointChange(services, endpointId);
      nats.nc.publish(ALERT_SUBJECT, JSON.stringify({ type: "endpoint.disabled", endpoint: endpointId, reason: `every attempt failed for ${config.ENDPOINT_DISABLE_AFTER_HOURS} hours`, at: new Date().toISOString() }));
      log.warn({ endpointId }, "endpoint disabled after failing too long");
    }
  }

  async function attempt(job: DeliveryJob, endpoint: EndpointTarget, reservation: Reservation): Promise<AttemptResult> {
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

  async function handle(msg: JsMsg): Promise<void> {
    const job = decodeJob(msg);
    if (!job) {
      log.error({ subject: msg.subject }, "malformed delivery job terminated");
      msg.term("malformed delivery job");
      return;
    }
    const endpoint = await deps.endpoints.get(job.endpointId);
    if (!endpoint || !endpoint.active || endpoint.keys.length === 0) {
      // Deleted or disabled since the job was queued: the delivery is cancelled, not attempted.
      await recorder.add({ ...ids(job), status: "CANCELLED", nextAttemptAt: null });
      msg.ack();
      return;
    }
    if (endpoint.rateLimitPerSecond) {
      const waitMs = await deps.rateLimiter.take(endpoint.id, endpoint.rateLimitPerSecond).catch(() => 0);
      if (waitMs > 0) {
        deps.metrics.deferred.inc({ reason: "rate_limit" });
        msg.nak(jitter(waitMs));
        return;
      }
    }
    if (!(await gate.enter(endpoint.id))) {
      deps.metrics.deferred.inc({ reason: "endpoint_busy" });
      msg.nak(jitter(1_000));
      return;
    }
    let reservation: Reservation | null;
    let result: AttemptResult | undefined;
    try {
      reservation = await reserver.add({ deliveryId: job.deliveryId, runId: job.runId });
      if (!reservation) {
        // Settled already, or a newer run (redeliver/replay) superseded this job.
        msg.ack();
        return;
      }
      result = await attempt(job, endpoint, reservation);
    } finally {
      gate.leave(endpoint.id, result?.durationMs);
    }
    const schedule = endpoint.retrySchedule.length > 0 ? endpoint.retrySchedule : defaultSchedule;
    const decision = decideOutcome(result, schedule, reservation.runAttempts);
    const trigger: AttemptTrigger = reservation.runAttempts === 1 ? reservation.runTrigger : "RETRY";
    deps.metrics.attempts.inc({ outcome: result.ok ? "success" : result.error ?? String(result.status ?? "error") });
    deps.metrics.attemptDuration.observe(result.durationMs / 1000);
    try {
      await recorder.add({
        ...ids(job),
        attempt: {
          attemptNumber: reservation.attemptNumber,
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
      });
    } catch (err) {
      log.error({ err: (err as Error).message, deliveryId: job.deliveryId }, "attempt not recorded; job will be redelivered");
      msg.nak(jitter(1_000));
      return;
    }
    if (decision.retryInMs === null) msg.ack();
    else msg.nak(decision.retryInMs);
  }

  const loop = consumeForever(nats.js, DELIVERIES_STREAM, DELIVERY_CONSUMER, { maxMessages: 512, log }, async (msg) => {
    await held.acquire();
    handle(msg)
      .catch((err) => {
        log.error({ err }, "delivery job failed unexpectedly; will be redelivered");
        msg.nak(jitter(1_000));
      })
      .finally(() => held.release());
  });

  return {
    async stop() {
      await loop.stop();
      await held.idle();
      await recorder.drain();
    },
  };
}

function ids(job: DeliveryJob) {
  return { deliveryId: job.deliveryId, runId: job.runId, organizationId: job.organizationId, endpointId: job.endpointId, eventId: job.eventId };
}
