import type { JsMsg } from "@nats-io/jetstream";
import type { Deliverer, Verdict } from "../delivery/deliverer.ts";
import { publishJobs, type DeliveryJob } from "../nats/delivery-jobs.ts";
import { EVENTS_HELD_PER_SLOT } from "../delivery/holding.ts";
import { PlannedDelivery } from "../delivery/planned-delivery.ts";
import { consumeForever, type ConsumeLoop } from "../nats/consume.ts";
import { ALERT_SUBJECT, EVENTS_STREAM, INGEST_CONSUMER, INGEST_HEARTBEAT_MS } from "../nats/streams.ts";
import type { Services } from "../app/services.ts";
import { MicroBatcher } from "../util/batcher.ts";
import { Semaphore } from "../util/semaphore.ts";
import type { IngestMetrics } from "../ingest/metrics.ts";
import { FailureStreak, retryDelayMs } from "../ingest/retry.ts";
import type { RoutingCache } from "../ingest/routing.ts";
import { parseSafely, plannedWork, rejectionOf, sortMessages, type EventWork, type RejectedMessage, type Sorted } from "../ingest/sort.ts";
import { eventKey, storeIngestBatch, storeIsolatingRows, writePendingDeliveries, type StoredBatch } from "../store/events.ts";

/** A first attempt still running after this long gets its delivery row written as PENDING. */
export const PENDING_VISIBLE_AFTER_MS = 500;
const PENDING_SWEEP_MS = 250;

/**
 * The ingest stage: validates events from the EVENTS stream and stores each once, with the
 * endpoints it is routed to; then makes each planned delivery's first attempt right here, so
 * a delivery that succeeds at once costs no JetStream job, and its row is written once, in
 * its final state, with the attempt. An attempt still running after PENDING_VISIBLE_AFTER_MS
 * gets its row written as PENDING meanwhile. What is still pending afterwards (a retry, an
 * endpoint that is busy or rate limited) becomes a job on the DELIVERIES stream, its row
 * written first. The event is acked only when each of its deliveries is recorded as settled
 * or its job is stored, so a crash anywhere means a redelivery, and the redelivery plans or
 * resumes what is left. A bad message is kept as a RejectedMessage and terminated; a failure
 * to persist naks the whole batch for a later redelivery, so nothing is ever acked that is
 * not durable. A problem with one message (thrown or not, a schema that no longer compiles, a
 * value Postgres refuses) is that message's rejection, never its batch's; a batch that cannot
 * be stored comes back after a delay that grows with each try (retry.ts), and a streak of
 * such failures is logged once and raised to operators on `herald.alert`.
 */
export function startIngest(services: Services, routing: RoutingCache, metrics: IngestMetrics, deliverer: Deliverer): ConsumeLoop {
  const { log, config } = services;
  const batcher = new MicroBatcher<JsMsg, EventWork>(processBatch, { maxSize: 500, concurrency: 2 });
  // Events held in memory, from their pull until their deliveries are settled or handed off.
  const held = new Semaphore(config.DELIVERY_CONCURRENCY * EVENTS_HELD_PER_SLOT);
  // When each held event was pulled or last renewed: one held past a heartbeat is renewed
  // (an attempt may run up to DELIVERY_TIMEOUT_MS), so only a dead worker's events come back.
  const renewedAt = new Map<JsMsg, number>();
  const streak = new FailureStreak();
  const pendingWriter = new MicroBatcher<DeliveryJob, void>(
    async (jobs) => {
      await writePending(jobs);
      return jobs.map(() => undefined);
    },
    { maxSize: 1_000, concurrency: 2 },
  );
  // First attempts in flight, oldest first; those running long get their row written early (PlannedDelivery).
  const attempting = new Set<PlannedDelivery>();
  const sweep = setInterval(() => {
    const due = Date.now() - PENDING_VISIBLE_AFTER_MS;
    const slow: PlannedDelivery[] = [];
    for (const p of attempting) {
      if (p.plannedAt > due) break;
      if (p.open) slow.push(p);
    }
    if (slow.length === 0) return;
    const write = writePending(slow.map((p) => p.job));
    write.catch((err: unknown) => log.warn({ err: (err as Error).message }, "pending deliveries not written early; their outcome will write them"));
    for (const p of slow) p.writingEarly(write);
  }, PENDING_SWEEP_MS);
  const heartbeat = setInterval(() => {
    const due = Date.now() - INGEST_HEARTBEAT_MS;
    for (const [msg, at] of renewedAt) {
      if (at > due) continue;
      msg.working();
      renewedAt.set(msg, Date.now());
    }
  }, INGEST_HEARTBEAT_MS);

  /** Sorts a batch into accepted and rejected messages, stores it, and says what each message still needs. */
  async function processBatch(msgs: JsMsg[]): Promise<EventWork[]> {
    let sorted: Sorted;
    let stored: StoredBatch;
    try {
      const parsed = msgs.map((msg) => ({ msg, result: parseSafely(msg) }));
      const routes = await routing.load(parsed.map((p) => p.result.organizationId).filter((o): o is string => !!o));
      sorted = sortMessages(parsed, routes);
      stored = await store(sorted);
    } catch (err) {
      batchFailed(err as Error, msgs.length);
      return msgs.map(() => "failed");
    }
    batchStored();
    terminate(sorted.rejected);
    metrics.events.inc({ outcome: "accepted" }, sorted.accepted.length);
    metrics.events.inc({ outcome: "rejected" }, sorted.rejected.length);
    return plannedWork(msgs, sorted.accepted, stored);
  }

  /** Stores a sorted batch; an event Postgres refuses for its own values joins the rejected. */
  async function store(sorted: Sorted): Promise<StoredBatch> {
    const { refused, ...stored } = await storeIsolatingRows(
      services.db.pool,
      sorted.accepted.map((a) => a.event),
      sorted.rejected.map((r) => r.rejection),
    );
    if (refused.size === 0) return stored;
    const late: RejectedMessage[] = [];
    sorted.accepted = sorted.accepted.filter(({ msg, event }) => {
      const reason = refused.get(eventKey(event.organizationId, event.id));
      if (reason) late.push({ msg, rejection: rejectionOf(msg, reason, event.organizationId) });
      return !reason;
    });
    await storeIngestBatch(
      services.db.pool,
      [],
      late.map((r) => r.rejection),
    );
    sorted.rejected.push(...late);
    return stored;
  }

  /** Logs a streak of failed batches once, and alerts operators when it goes on. */
  function batchFailed(err: Error, size: number): void {
    metrics.failedBatches.inc();
    const step = streak.failed();
    if (step.started) log.error({ err: err.message, batch: size }, "ingest cannot store events; retrying with backoff until it can");
    if (step.alert) {
      const alert = {
        type: "ingest.stalled",
        failedBatches: streak.failures,
        since: new Date(streak.startedAt).toISOString(),
        reason: err.message,
        at: new Date().toISOString(),
      };
      services.nats.nc.publish(ALERT_SUBJECT, JSON.stringify(alert));
      log.error(alert, "ingest stalled: operator alert published");
    }
  }

  function batchStored(): void {
    const failures = streak.succeeded();
    if (failures > 0) log.warn({ failedBatches: failures, forMs: Date.now() - streak.startedAt }, "ingest storing events again");
  }

  function terminate(rejected: RejectedMessage[]): void {
    for (const { msg, rejection } of rejected) {
      msg.term(rejection.reason.slice(0, 200));
      // nats-server 2.9 keeps a terminated message in a work-queue stream; it is stored as a
      // RejectedMessage now, so remove it rather than let hostile traffic pile up on disk.
      services.nats.jsm.streams.deleteMessage(EVENTS_STREAM, msg.seq, false).catch(() => {});
      log.info({ subject: msg.subject, reason: rejection.reason }, "event rejected");
    }
  }

  async function firstAttempt(job: DeliveryJob): Promise<Verdict> {
    const planned = new PlannedDelivery(job);
    attempting.add(planned);
    try {
      return await deliverer.deliver(job, planned);
    } finally {
      attempting.delete(planned);
    }
  }

  /** First attempts, then the jobs for whatever is still pending, then the ack. */
  async function finish(msg: JsMsg, work: EventWork): Promise<void> {
    if (work === "failed") return msg.nak(retryDelayMs(msg.info.deliveryCount));
    if (work === "settled") return msg.ack();
    const verdicts = await Promise.all(work.deliver.map(firstAttempt));
    // The redelivered event plans or resumes the deliveries this one leaves unsettled.
    for (const v of verdicts) if (v.kind === "unrecorded") return msg.nak(retryDelayMs(msg.info.deliveryCount));
    const now = Date.now();
    // This event's own work: its resumed jobs, then its retries and put-backs.
    const jobs = work.publish;
    const rowsWritten: Promise<void>[] = [];
    for (let i = 0; i < verdicts.length; i++) {
      const v = verdicts[i]!;
      if (v.kind !== "later") continue;
      const job = { ...work.deliver[i]!, notBefore: now + v.delayMs };
      // A job's consumer claims attempts on the delivery's row, so the row comes first,
      // unless the attempt's outcome wrote it already.
      if (!v.recorded) rowsWritten.push(pendingWriter.add(job));
      jobs.push(job);
    }
    if (rowsWritten.length > 0) await Promise.all(rowsWritten);
    if (jobs.length > 0) await publishJobs(services.nats.publisher, jobs);
    msg.ack();
  }

  /** One pulled event, from its batch to its ack (or nak). */
  async function handle(msg: JsMsg): Promise<void> {
    try {
      await finish(msg, await batcher.add(msg));
    } catch (err) {
      log.warn({ err: (err as Error).message }, "event not finished; will be redelivered");
      msg.nak(retryDelayMs(msg.info.deliveryCount));
    } finally {
      renewedAt.delete(msg);
      held.release();
    }
  }

  /** Writes planned deliveries as PENDING and tells live subscribers about the rows it wrote. */
  async function writePending(jobs: DeliveryJob[]): Promise<void> {
    const written = await writePendingDeliveries(services.db.pool, jobs);
    const byId = new Map(jobs.map((j) => [j.deliveryId, j]));
    for (const row of written) {
      const j = byId.get(row.id)!;
      const at = row.created_at.toISOString();
      services.realtime.announce.delivery({
        id: j.deliveryId,
        organizationId: j.organizationId,
        endpointId: j.endpointId,
        eventId: j.eventId,
        eventType: j.eventType,
        status: "PENDING",
        attemptCount: 0,
        nextAttemptAt: null,
        lastAttemptAt: null,
        createdAt: at,
        updatedAt: at,
      });
    }
  }

  // Each message is handed to the batcher without waiting for its batch, so a batch can
  // fill; the held events are the back-pressure.
  const loop = consumeForever(services.nats.js, EVENTS_STREAM, INGEST_CONSUMER, { maxMessages: 1_000, slots: held, log }, (msg) => {
    renewedAt.set(msg, Date.now());
    void handle(msg);
  });
  return {
    async stop() {
      await loop.stop();
      await held.idle();
      clearInterval(heartbeat);
      clearInterval(sweep);
    },
  };
}
