import type { JsMsg } from "@nats-io/jetstream";
import type pg from "pg";
import type { Deliverer } from "../delivery/deliverer.ts";
import { EVENTS_HELD_PER_SLOT } from "../delivery/holding.ts";
import type { IngestMetrics } from "../ingest/metrics.ts";
import { FirstAttempts, followUp, PendingRows, parseAndStore } from "../ingest/pipeline.ts";
import { FailureStreak, retryDelayMs } from "../ingest/retry.ts";
import type { RoutingCache } from "../ingest/routing.ts";
import { type EventWork, plannedWork, type RejectedMessage } from "../ingest/sort.ts";
import type { Logger } from "../log.ts";
import type { PublishAlert } from "../nats/alerts.ts";
import type { Nats } from "../nats/connection.ts";
import { type ConsumeLoop, consumeForever } from "../nats/consume.ts";
import { type DeliveryJob, publishJobs } from "../nats/delivery-jobs.ts";
import { EVENTS_STREAM, INGEST_CONSUMER, INGEST_HEARTBEAT_MS } from "../nats/streams.ts";
import type { Announce } from "../store/deliveries.ts";
import { MicroBatcher } from "../util/batcher.ts";
import { Semaphore } from "../util/semaphore.ts";

const PENDING_SWEEP_MS = 250;

export interface IngestDeps {
  config: { DELIVERY_CONCURRENCY: number; ENDPOINT_MAX_HELD: number };
  log: Logger;
  db: { pool: pg.Pool };
  nats: Pick<Nats, "js" | "jsm" | "publisher">;
  realtime: { announce: Announce };
  alert: PublishAlert;
}

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
export function startIngest(deps: IngestDeps, routing: Pick<RoutingCache, "load">, metrics: IngestMetrics, deliverer: Pick<Deliverer, "deliver">): ConsumeLoop {
  return new IngestConsumer(deps, routing, metrics, deliverer);
}

/** pull → parse → store → first attempts → ack, with the NATS side of each step. */
class IngestConsumer implements ConsumeLoop {
  private readonly batches: ReturnType<typeof batchHealth>;
  private readonly batcher = new MicroBatcher<JsMsg, EventWork>((msgs) => this.processBatch(msgs), { maxSize: 500, concurrency: 2 });
  /** Events held in memory, from their pull until their deliveries are settled or handed off. */
  private readonly held: Semaphore;
  private readonly renewedAt = new Map<JsMsg, number>();
  private readonly pendingRows: PendingRows;
  private readonly firstAttempts: FirstAttempts;
  private readonly attemptFirst = (job: DeliveryJob) => this.firstAttempts.attempt(job);
  private readonly timers: NodeJS.Timeout[];
  private readonly loop: ConsumeLoop;

  constructor(
    private readonly deps: IngestDeps,
    private readonly routing: Pick<RoutingCache, "load">,
    private readonly metrics: IngestMetrics,
    deliverer: Pick<Deliverer, "deliver">,
  ) {
    this.batches = batchHealth(deps, metrics);
    this.held = new Semaphore(deps.config.DELIVERY_CONCURRENCY * EVENTS_HELD_PER_SLOT);
    this.pendingRows = new PendingRows({ pool: deps.db.pool, announce: deps.realtime.announce });
    this.firstAttempts = new FirstAttempts({ deliverer, pendingRows: this.pendingRows, log: deps.log });
    this.timers = [setInterval(() => this.firstAttempts.writeSlowOnes(), PENDING_SWEEP_MS), setInterval(() => renewHeld(this.renewedAt), INGEST_HEARTBEAT_MS)];
    // Each message is handed to the batcher without waiting for its batch, so a batch can
    // fill; the held events are the back-pressure.
    this.loop = consumeForever(deps.nats.js, EVENTS_STREAM, INGEST_CONSUMER, { maxMessages: 1_000, slots: this.held, log: deps.log }, (msg) => {
      this.renewedAt.set(msg, Date.now());
      void this.handle(msg);
    });
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.held.idle();
    for (const t of this.timers) clearInterval(t);
  }

  /** Sorts a batch into accepted and rejected messages, stores it, and says what each message still needs. */
  private async processBatch(msgs: JsMsg[]): Promise<EventWork[]> {
    let batch: Awaited<ReturnType<typeof parseAndStore>>;
    try {
      const { db, realtime, config } = this.deps;
      batch = await parseAndStore({ pool: db.pool, routing: this.routing, announce: realtime.announce, maxHeld: config.ENDPOINT_MAX_HELD }, msgs);
    } catch (err) {
      this.batches.failed(err as Error, msgs.length);
      return msgs.map(() => "failed");
    }
    this.batches.stored();
    terminate(this.deps, batch.sorted.rejected);
    this.metrics.events.inc({ outcome: "accepted" }, batch.sorted.accepted.length);
    this.metrics.events.inc({ outcome: "rejected" }, batch.sorted.rejected.length);
    return plannedWork(msgs, batch.sorted.accepted, batch.stored);
  }

  /** One pulled event, from its batch to its ack (or nak). */
  private async handle(msg: JsMsg): Promise<void> {
    try {
      await this.finish(msg, await this.batcher.add(msg));
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, "event not finished; will be redelivered");
      msg.nak(retryDelayMs(msg.info.deliveryCount));
    } finally {
      this.renewedAt.delete(msg);
      this.held.release();
    }
  }

  /** First attempts, then the jobs for whatever is still pending, then the ack. */
  private async finish(msg: JsMsg, work: EventWork): Promise<void> {
    if (work === "failed") return msg.nak(retryDelayMs(msg.info.deliveryCount));
    if (work === "settled") return msg.ack();
    const next = followUp(work, await Promise.all(work.deliver.map(this.attemptFirst)), Date.now());
    if (next.kind === "redeliver") return msg.nak(retryDelayMs(msg.info.deliveryCount));
    if (next.unwritten.length > 0) await Promise.all(next.unwritten.map((job) => this.pendingRows.add(job)));
    if (next.jobs.length > 0) await publishJobs(this.deps.nats.publisher, next.jobs);
    msg.ack();
  }
}

/**
 * Renews each held event pulled or last renewed a heartbeat ago (an attempt may run up to
 * DELIVERY_TIMEOUT_MS), so only a dead worker's events come back.
 */
function renewHeld(renewedAt: Map<JsMsg, number>): void {
  const due = Date.now() - INGEST_HEARTBEAT_MS;
  for (const [msg, at] of renewedAt) {
    if (at > due) continue;
    msg.working();
    renewedAt.set(msg, Date.now());
  }
}

/** Terminates rejected messages, already stored as RejectedMessages. */
function terminate(deps: Pick<IngestDeps, "nats" | "log">, rejected: RejectedMessage[]): void {
  for (const { msg, rejection } of rejected) {
    msg.term(rejection.reason.slice(0, 200));
    // nats-server 2.9 keeps a terminated message in a work-queue stream; it is stored as a
    // RejectedMessage now, so remove it rather than let hostile traffic pile up on disk.
    deps.nats.jsm.streams.deleteMessage(EVENTS_STREAM, msg.seq, false).catch(() => {});
    deps.log.info({ subject: msg.subject, reason: rejection.reason }, "event rejected");
  }
}

/** Logs a streak of batches that could not be stored once, alerts operators when it goes on, and logs its end. */
function batchHealth(deps: Pick<IngestDeps, "log" | "alert">, metrics: IngestMetrics) {
  const streak = new FailureStreak();
  return {
    failed(err: Error, size: number): void {
      metrics.failedBatches.inc();
      const step = streak.failed();
      if (step.started) deps.log.error({ err: err.message, batch: size }, "ingest cannot store events; retrying with backoff until it can");
      if (!step.alert) return;
      const alert = {
        type: "ingest.stalled" as const,
        failedBatches: streak.failures,
        since: new Date(streak.startedAt).toISOString(),
        reason: err.message,
        at: new Date().toISOString(),
      };
      deps.alert(alert);
      deps.log.error(alert, "ingest stalled: operator alert published");
    },
    stored(): void {
      const failures = streak.succeeded();
      if (failures > 0) deps.log.warn({ failedBatches: failures, forMs: Date.now() - streak.startedAt }, "ingest storing events again");
    },
  };
}
