import type { JsMsg } from "@nats-io/jetstream";
import type pg from "pg";
import type { Deliverer, Verdict } from "../delivery/deliverer.ts";
import { PlannedDelivery } from "../delivery/planned-delivery.ts";
import type { Logger } from "../log.ts";
import type { DeliveryJob } from "../nats/delivery-jobs.ts";
import { type Announce, announceDeliveries, deliveryNotice, writePendingDeliveries } from "../store/deliveries.ts";
import { eventKey, type StoredBatch, storeIngestBatch, storeIsolatingRows } from "../store/events.ts";
import { MicroBatcher } from "../util/batcher.ts";
import type { RoutingCache } from "./routing.ts";
import { parseSafely, type RejectedMessage, rejectionOf, type Sorted, sortMessages } from "./sort.ts";

// The ingest pipeline's steps, without NATS: pull → parse → store → first attempts → ack.
// The consume loop and the ack/nak decisions are in workers/ingest-consumer.ts.

/** A first attempt still running after this long gets its delivery row written as PENDING. */
export const PENDING_VISIBLE_AFTER_MS = 500;

/** Parse → store: judges each message of a batch on its own, then makes the batch durable. */
export async function parseAndStore(
  deps: { pool: pg.Pool; routing: Pick<RoutingCache, "load">; announce: Pick<Announce, "delivery">; maxHeld?: number },
  msgs: JsMsg[],
): Promise<{ sorted: Sorted; stored: StoredBatch }> {
  const parsed = msgs.map((msg) => ({ msg, result: parseSafely(msg) }));
  const routes = await deps.routing.load(parsed.map((p) => p.result.organizationId).filter((o): o is string => !!o));
  const sorted = sortMessages(parsed, routes);
  const stored = await store(deps.pool, sorted, deps.maxHeld);
  // Deliveries born waiting in their ordering line; the others are announced with their first outcome.
  if (stored.lined.length > 0) announceDeliveries(deps.announce, stored.lined.map(deliveryNotice));
  return { sorted, stored };
}

/** Stores a sorted batch; an event Postgres refuses for its own values joins the rejected. */
async function store(pool: pg.Pool, sorted: Sorted, maxHeld: number | undefined): Promise<StoredBatch> {
  const { refused, ...stored } = await storeIsolatingRows(
    pool,
    sorted.accepted.map((a) => a.event),
    sorted.rejected.map((r) => r.rejection),
    maxHeld,
  );
  if (refused.size === 0) return stored;
  const late: RejectedMessage[] = [];
  sorted.accepted = sorted.accepted.filter(({ msg, event }) => {
    const reason = refused.get(eventKey(event.organizationId, event.id));
    if (reason) late.push({ msg, rejection: rejectionOf(msg, reason, event.organizationId) });
    return !reason;
  });
  await storeIngestBatch(
    pool,
    [],
    late.map((r) => r.rejection),
  );
  sorted.rejected.push(...late);
  return stored;
}

/**
 * Writes planned deliveries' rows as PENDING (announced): at once for a set of slow first
 * attempts, or batched for jobs about to be published.
 */
export class PendingRows {
  private readonly batcher = new MicroBatcher<DeliveryJob, void>(
    async (jobs) => {
      await this.write(jobs);
      return jobs.map(() => undefined);
    },
    { maxSize: 1_000, concurrency: 2 },
  );

  constructor(private readonly deps: { pool: pg.Pool; announce: Announce }) {}

  write(jobs: DeliveryJob[]): Promise<void> {
    return writePendingDeliveries(this.deps, jobs);
  }

  add(job: DeliveryJob): Promise<void> {
    return this.batcher.add(job);
  }
}

/**
 * First attempts of planned deliveries, made right after their event is stored. Those in
 * flight are kept oldest first, so that `writeSlowOnes` can write the rows of attempts
 * running past PENDING_VISIBLE_AFTER_MS early, as PENDING (see PlannedDelivery).
 */
export class FirstAttempts {
  private readonly attempting = new Set<PlannedDelivery>();

  constructor(
    private readonly deps: {
      deliverer: Pick<Deliverer, "deliver">;
      pendingRows: Pick<PendingRows, "write">;
      log: Pick<Logger, "warn">;
    },
  ) {}

  async attempt(job: DeliveryJob): Promise<Verdict> {
    const planned = new PlannedDelivery(job);
    this.attempting.add(planned);
    try {
      return await this.deps.deliverer.deliver(job, planned);
    } finally {
      this.attempting.delete(planned);
    }
  }

  writeSlowOnes(now = Date.now()): void {
    const due = now - PENDING_VISIBLE_AFTER_MS;
    const slow: PlannedDelivery[] = [];
    for (const p of this.attempting) {
      if (p.plannedAt > due) break;
      if (p.open) slow.push(p);
    }
    if (slow.length === 0) return;
    const write = this.deps.pendingRows.write(slow.map((p) => p.job));
    write.catch((err: unknown) => this.deps.log.warn({ err: (err as Error).message }, "pending deliveries not written early; their outcome will write them"));
    for (const p of slow) p.writingEarly(write);
  }
}

/** What an event's message needs after its first attempts: to come back (one was not recorded), or jobs for what is still pending. */
export type FollowUp =
  | { kind: "redeliver" }
  | {
      kind: "publish";
      /** This event's own jobs: its resumed ones, then its retries and put-backs. */
      jobs: DeliveryJob[];
      /** Jobs whose delivery row must be written (PENDING) before they are published: a job's consumer claims attempts on the row. */
      unwritten: DeliveryJob[];
    };

/**
 * First attempts → jobs: a retry or put-back becomes a job due after its delay, its row
 * written first unless the attempt's outcome wrote it already. The redelivered event plans
 * or resumes the deliveries left unsettled by one whose outcome was not recorded.
 */
export function followUp(work: { deliver: DeliveryJob[]; publish: DeliveryJob[] }, verdicts: Verdict[], now: number): FollowUp {
  for (const v of verdicts) if (v.kind === "unrecorded") return { kind: "redeliver" };
  const jobs = work.publish;
  const unwritten: DeliveryJob[] = [];
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i]!;
    if (v.kind !== "later") continue;
    const job = { ...work.deliver[i]!, notBefore: now + v.delayMs };
    if (!v.recorded) unwritten.push(job);
    jobs.push(job);
  }
  return { kind: "publish", jobs, unwritten };
}
