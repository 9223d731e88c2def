import type { JsMsg } from "@nats-io/jetstream";
import { validateAgainstSchema } from "../domain/event-schemas.ts";
import type { Deliverer, Verdict } from "../delivery/deliverer.ts";
import { publishJobs, type DeliveryJob } from "../delivery/jobs.ts";
import { EVENTS_HELD_PER_SLOT } from "../delivery/holding.ts";
import { PlannedDelivery } from "../delivery/planned-delivery.ts";
import { consumeForever, type ConsumeLoop } from "../nats/consume.ts";
import { EVENTS_STREAM, INGEST_CONSUMER, INGEST_HEARTBEAT_MS } from "../nats/streams.ts";
import type { Services } from "../services.ts";
import { MicroBatcher } from "../util/batcher.ts";
import { Semaphore } from "../util/semaphore.ts";
import type { IngestMetrics } from "./metrics.ts";
import { matchingEndpoints, type RoutingCache } from "./routing.ts";
import { eventKey, storeIngestBatch, writePendingDeliveries, type AcceptedEvent, type Rejection, type StoredBatch } from "./store.ts";
import { parseEventMessage } from "./validate.ts";

const EXCERPT_BYTES = 4096;
const RETRY_DELAY_MS = 1_000;
/** A first attempt still running after this long gets its delivery row written as PENDING. */
export const PENDING_VISIBLE_AFTER_MS = 500;
const PENDING_SWEEP_MS = 250;

/** What is left to do for one event message once its batch is stored. */
type EventWork = { deliver: DeliveryJob[]; publish: DeliveryJob[] } | "settled" | "failed";

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
 * not durable.
 */
export function startIngest(services: Services, routing: RoutingCache, metrics: IngestMetrics, deliverer: Deliverer): ConsumeLoop {
  const { log, config } = services;
  const batcher = new MicroBatcher<JsMsg, EventWork>(processBatch, { maxSize: 500, concurrency: 2 });
  // Events held in memory, from their pull until their deliveries are settled or handed off.
  const held = new Semaphore(config.DELIVERY_CONCURRENCY * EVENTS_HELD_PER_SLOT);
  // When each held event was pulled or last renewed: one held past a heartbeat is renewed
  // (an attempt may run up to DELIVERY_TIMEOUT_MS), so only a dead worker's events come back.
  const renewedAt = new Map<JsMsg, number>();
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

  async function processBatch(msgs: JsMsg[]): Promise<EventWork[]> {
    const accepted: { msg: JsMsg; event: AcceptedEvent }[] = [];
    const rejected: { msg: JsMsg; rejection: Rejection }[] = [];
    const parsed = msgs.map((msg) => ({ msg, result: parseEventMessage(msg.subject, msg.data) }));
    const orgIds = parsed.map((p) => p.result.organizationId).filter((o): o is string => !!o);
    let stored: StoredBatch;
    try {
      const routes = await routing.load(orgIds);
      for (const { msg, result } of parsed) {
        const reject = (reason: string) => {
          const org = result.organizationId && routes.get(result.organizationId) ? result.organizationId : null;
          rejected.push({
            msg,
            rejection: {
              organizationId: org,
              subject: msg.subject,
              reason,
              excerpt: Buffer.from(msg.data.subarray(0, EXCERPT_BYTES)),
              size: msg.data.length,
              streamSequence: msg.seq,
              publishedAt: msg.timestamp,
            },
          });
        };
        if (!result.ok) {
          reject(result.reason);
          continue;
        }
        const route = routes.get(result.organizationId);
        if (!route) {
          reject(`unknown organization ${result.organizationId}`);
          continue;
        }
        const schema = route.eventTypeSchemas.get(result.envelope.type);
        const problem = schema ? validateAgainstSchema(schema, result.envelope.data) : undefined;
        if (problem) {
          reject(problem);
          continue;
        }
        accepted.push({
          msg,
          event: {
            organizationId: result.organizationId,
            id: result.envelope.id,
            type: result.envelope.type,
            timestamp: result.envelope.timestamp,
            payload: Buffer.from(msg.data),
            endpointIds: matchingEndpoints(route, result.envelope.type),
          },
        });
      }
      stored = await storeIngestBatch(
        services.db.pool,
        accepted.map((a) => a.event),
        rejected.map((r) => r.rejection),
      );
    } catch (err) {
      log.warn({ err: (err as Error).message, batch: msgs.length }, "ingest batch not persisted; will be redelivered");
      metrics.failedBatches.inc();
      return msgs.map(() => "failed");
    }
    // Jobs go to the first message that carried their event; a duplicate in the batch has none.
    const work = new Map<JsMsg, EventWork>(msgs.map((m) => [m, "settled"]));
    const firstMessage = new Map<string, JsMsg>();
    for (const { msg, event } of accepted) {
      const k = eventKey(event.organizationId, event.id);
      if (!firstMessage.has(k)) firstMessage.set(k, msg);
    }
    const workOf = (job: DeliveryJob) => {
      const msg = firstMessage.get(eventKey(job.organizationId, job.eventId))!;
      let w = work.get(msg)!;
      if (typeof w === "string") work.set(msg, (w = { deliver: [], publish: [] }));
      return w;
    };
    for (const job of stored.planned) workOf(job).deliver.push(job);
    for (const job of stored.resumed) workOf(job).publish.push(job);
    for (const { msg, rejection } of rejected) {
      msg.term(rejection.reason.slice(0, 200));
      // nats-server 2.9 keeps a terminated message in a work-queue stream; it is stored as a
      // RejectedMessage now, so remove it rather than let hostile traffic pile up on disk.
      services.nats.jsm.streams.deleteMessage(EVENTS_STREAM, msg.seq, false).catch(() => {});
      log.info({ subject: msg.subject, reason: rejection.reason }, "event rejected");
    }
    metrics.events.inc({ outcome: "accepted" }, accepted.length);
    metrics.events.inc({ outcome: "rejected" }, rejected.length);
    return msgs.map((m) => work.get(m)!);
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
    if (work === "failed") return msg.nak(RETRY_DELAY_MS);
    if (work === "settled") return msg.ack();
    const verdicts = await Promise.all(work.deliver.map(firstAttempt));
    // The redelivered event plans or resumes the deliveries this one leaves unsettled.
    for (const v of verdicts) if (v.kind === "unrecorded") return msg.nak(RETRY_DELAY_MS);
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
      msg.nak(RETRY_DELAY_MS);
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
  const loop = consumeForever(
    services.nats.js,
    EVENTS_STREAM,
    INGEST_CONSUMER,
    { maxMessages: 1_000, slots: held, log },
    (msg) => {
      renewedAt.set(msg, Date.now());
      void handle(msg);
    },
  );
  return {
    async stop() {
      await loop.stop();
      await held.idle();
      clearInterval(heartbeat);
      clearInterval(sweep);
    },
  };
}
