import type pg from "pg";
import type { Logger } from "../log.ts";
import type { OperatorAlert, PublishAlert } from "../nats/alerts.ts";
import { type Announce, type AttemptRecord, type LineRef, type RecordedBatch, type Reservation, recordAttempts, reserveAttempts } from "../store/deliveries.ts";
import { MicroBatcher } from "../util/batcher.ts";

/**
 * The attempt log as the deliverer sees it: attempt numbers claimed and outcomes written in
 * batches (one statement per batch, see store/deliveries.ts), whatever the jobs' origin.
 */
export interface AttemptLog {
  /** Claims the job's next attempt number; null when the job is stale (settled, or a newer run owns the delivery). */
  reserve(job: { deliveryId: string; runId: string }): Promise<Reservation | null>;
  /** Resolves once the outcome is written (announced, alerts raised); rejects when it could not be written in time. */
  record(outcome: AttemptRecord): Promise<void>;
  /** Waits for every outcome handed in to be written. */
  drain(): Promise<void>;
}

export interface AttemptLogDeps {
  pool: pg.Pool;
  announce: Announce;
  alert: PublishAlert;
  /** Tells every process's caches that an endpoint changed (here: it was disabled). */
  endpointChanged: (endpointId: string) => void;
  log: Pick<Logger, "warn">;
  /** How long an outcome may keep failing to be written before its job is let go (it comes back). */
  writeDeadlineMs: number;
  disableAfterHours: number;
  /** Lets the ordering lines whose head settled move on (see delivery/ordering-lines.ts). */
  linesMoved: (lines: LineRef[]) => Promise<void>;
}

export function createAttemptLog(deps: AttemptLogDeps): AttemptLog {
  const reserver = new MicroBatcher<{ deliveryId: string; runId: string }, Reservation | null>((jobs) => reserveAttempts(deps.pool, jobs), {
    maxSize: 500,
    concurrency: 2,
  });
  const recorder = new MicroBatcher<AttemptRecord, void>(
    async (outcomes) => {
      const recorded = await writeWithRetry(deps, outcomes);
      raiseAlerts(deps, recorded, outcomes);
      if (recorded.movedLines.length > 0) {
        // Before the jobs are acked; a line left waiting here is freed by the next sweep.
        await deps.linesMoved(recorded.movedLines).catch((err: Error) => deps.log.warn({ err: err.message }, "ordering lines not moved on; a sweep will"));
      }
      return outcomes.map(() => undefined);
    },
    { maxSize: 1_000, concurrency: 2 },
  );
  return { reserve: (job) => reserver.add(job), record: (outcome) => recorder.add(outcome), drain: () => recorder.drain() };
}

/**
 * Postgres may be briefly away; the jobs stay held (not acked) meanwhile, so an outage
 * delays the log but loses nothing. Past the deadline the caller lets them come back.
 */
async function writeWithRetry(deps: AttemptLogDeps, outcomes: AttemptRecord[]): Promise<RecordedBatch> {
  const deadline = Date.now() + deps.writeDeadlineMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await recordAttempts(deps, outcomes, deps.disableAfterHours);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      deps.log.warn({ err: (err as Error).message }, "attempt log write failed; retrying");
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function raiseAlerts(deps: AttemptLogDeps, recorded: RecordedBatch, outcomes: AttemptRecord[]): void {
  for (const o of outcomes) if (o.status === "FAILED") deps.alert(deliveryFailed(o));
  for (const { id: endpointId, reason } of recorded.disabledEndpoints) {
    // Every process's caches (routing in ingest, endpoints in the deliverer) must forget it.
    deps.endpointChanged(endpointId);
    deps.alert({ type: "endpoint.disabled", endpoint: endpointId, reason, at: new Date().toISOString() });
    deps.log.warn({ endpointId, reason }, "endpoint disabled");
  }
}

function deliveryFailed(o: AttemptRecord): OperatorAlert {
  const reason = o.attempt?.errorMessage ?? (o.attempt?.responseStatus ? `receiver answered ${o.attempt.responseStatus}` : "failed");
  return {
    type: "delivery.failed",
    organizationId: o.organizationId,
    delivery: o.deliveryId,
    endpoint: o.endpointId,
    event: o.eventId,
    reason,
    at: new Date().toISOString(),
  };
}
