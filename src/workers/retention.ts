import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { withAdvisoryLock } from "../db/advisory-lock.ts";
import type { Logger } from "../log.ts";
import type { IdPrefix } from "../rules/ids.ts";
import { effectiveDays, idMadeAt, retentionCutoff } from "../rules/retention.ts";
import { deleteAttemptsBefore } from "../store/deliveries.ts";
import { expirePayloadsBefore } from "../store/events.ts";
import { listRetention, markPayloadsExpiredBefore, type OrganizationRetention } from "../store/organizations.ts";
import { deleteRejectedBefore } from "../store/rejected-messages.ts";

// The retention job: in the worker role, every RETENTION_INTERVAL_SECONDS one worker (the one
// that gets the advisory lock) deletes attempts and rejected messages past their retention and
// expires old event payloads. Every statement touches at most RETENTION_BATCH_SIZE rows through
// an index range, and the job pauses between statements, so it never holds many row locks or
// a connection for long, and delivery keeps its share of Postgres while a backlog is worked off.

/** The key of the advisory lock only one retention pass at a time holds ("herald" and 1). */
export const RETENTION_LOCK_KEY = 0x6865_7261_6c64_0001n;

export interface RetentionSettings {
  attemptDays: number;
  payloadDays: number;
  rejectedDays: number;
  batchSize: number;
  pauseMs: number;
}

export interface RetentionDeps {
  db: { pool: pg.Pool };
  log: Logger;
}

/** What one table's part of a pass did: rows removed (or expired), statements run, the most rows one statement touched. */
export interface TableTally {
  rows: number;
  statements: number;
  largestBatch: number;
}

export interface PassReport {
  attempts: TableTally;
  payloads: TableTally;
  rejected: TableTally;
}

export function retentionSettings(config: {
  ATTEMPT_RETENTION_DAYS: number;
  PAYLOAD_RETENTION_DAYS: number;
  REJECTED_RETENTION_DAYS: number;
  RETENTION_BATCH_SIZE: number;
  RETENTION_PAUSE_MS: number;
}): RetentionSettings {
  return {
    attemptDays: config.ATTEMPT_RETENTION_DAYS,
    payloadDays: config.PAYLOAD_RETENTION_DAYS,
    rejectedDays: config.REJECTED_RETENTION_DAYS,
    batchSize: config.RETENTION_BATCH_SIZE,
    pauseMs: config.RETENTION_PAUSE_MS,
  };
}

const tally = (): TableTally => ({ rows: 0, statements: 0, largestBatch: 0 });

/** One pass's context: `now` fixes the cutoffs for the whole pass; `signal` ends it between two statements. */
interface Pass {
  deps: RetentionDeps;
  settings: RetentionSettings;
  now: number;
  signal?: AbortSignal;
}

const stopping = (pass: Pass) => pass.signal?.aborted === true;

/**
 * Runs `batch` (one bounded statement, returning the rows it touched) until one touches fewer
 * than a full batch, pausing between statements; counts into `into`.
 */
async function inBatches(pass: Pass, into: TableTally, batch: () => Promise<number>): Promise<void> {
  while (!stopping(pass)) {
    const rows = await batch();
    into.rows += rows;
    into.statements += 1;
    into.largestBatch = Math.max(into.largestBatch, rows);
    if (rows < pass.settings.batchSize) return;
    await sleep(pass.settings.pauseMs, undefined, { signal: pass.signal }).catch(() => {});
  }
}

type IdRange = { afterId: string; beforeId: string };

/**
 * Deletes, batch after batch, the rows whose time-ordered ids (`prefix`) were made more than
 * `days` ago; each batch starts after the last id the previous one deleted.
 */
function deleteOlderThan(
  pass: Pass,
  into: TableTally,
  prefix: IdPrefix,
  days: number,
  del: (range: IdRange, limit: number) => Promise<{ deleted: number; lastId: string | null }>,
): Promise<void> {
  const range = { afterId: "", beforeId: idMadeAt(prefix, retentionCutoff(pass.now, days)) };
  return inBatches(pass, into, async () => {
    const { deleted, lastId } = await del(range, pass.settings.batchSize);
    range.afterId = lastId ?? range.afterId;
    return deleted;
  });
}

/** Deletes the organization's attempts older than its attemptRetentionDays. */
function expireAttempts(pass: Pass, org: OrganizationRetention, into: TableTally): Promise<void> {
  const days = effectiveDays(org.attemptRetentionDays, pass.settings.attemptDays);
  return deleteOlderThan(pass, into, "att", days, (range, limit) => deleteAttemptsBefore(pass.deps.db.pool, org.id, range, limit));
}

/**
 * Expires the payloads of the organization's events older than its payloadRetentionDays,
 * starting where the last pass stopped (payloadsExpiredBefore) and recording where this one got.
 */
function expirePayloads(pass: Pass, org: OrganizationRetention, into: TableTally): Promise<void> {
  const { deps, settings } = pass;
  const before = retentionCutoff(pass.now, effectiveDays(org.payloadRetentionDays, settings.payloadDays));
  let from = org.payloadsExpiredBefore ?? new Date(0);
  if (from >= before) return Promise.resolve();
  return inBatches(pass, into, async () => {
    const { expired, reached } = await expirePayloadsBefore(deps.db.pool, org.id, { from, before }, settings.batchSize);
    // A short batch finished the range; after a full one, events stored at `reached` itself may not all be expired yet.
    from = expired < settings.batchSize ? before : (reached ?? from);
    await markPayloadsExpiredBefore(deps.db.pool, org.id, from);
    return expired;
  });
}

/** Deletes rejected messages older than REJECTED_RETENTION_DAYS. */
function expireRejected(pass: Pass, into: TableTally): Promise<void> {
  return deleteOlderThan(pass, into, "rej", pass.settings.rejectedDays, (range, limit) => deleteRejectedBefore(pass.deps.db.pool, range, limit));
}

/** One pass over every organization, then the rejected messages. */
async function sweep(pass: Pass): Promise<PassReport> {
  const report: PassReport = { attempts: tally(), payloads: tally(), rejected: tally() };
  for (const org of await listRetention(pass.deps.db.pool)) {
    if (stopping(pass)) break;
    await expireAttempts(pass, org, report.attempts);
    await expirePayloads(pass, org, report.payloads);
  }
  if (!stopping(pass)) await expireRejected(pass, report.rejected);
  return report;
}

/**
 * One retention pass, if no other worker is running one (null then). `signal` ends it between
 * two statements; what it did not reach waits for the next pass.
 */
export async function runRetentionPass(
  deps: RetentionDeps,
  settings: RetentionSettings,
  opts: { now?: number; signal?: AbortSignal } = {},
): Promise<PassReport | null> {
  const started = Date.now();
  const pass: Pass = { deps, settings, now: opts.now ?? started, signal: opts.signal };
  const result = await withAdvisoryLock(deps.db.pool, RETENTION_LOCK_KEY, () => sweep(pass));
  if (!result.ran) return null;
  const r = result.value;
  if (r.attempts.rows + r.payloads.rows + r.rejected.rows > 0) {
    deps.log.info(
      {
        attempts: r.attempts.rows,
        payloads: r.payloads.rows,
        rejectedMessages: r.rejected.rows,
        statements: r.attempts.statements + r.payloads.statements + r.rejected.statements,
        ms: Date.now() - started,
      },
      "retention: old attempts and rejected messages deleted, old payloads expired",
    );
  }
  return r;
}

export interface RetentionJob {
  stop(): Promise<void>;
}

/**
 * Runs a pass every `intervalSeconds` (0: never), the first at a random point of the first
 * interval so that workers started together do not all reach for the lock at once.
 */
export function startRetention(deps: RetentionDeps, settings: RetentionSettings, intervalSeconds: number): RetentionJob {
  if (intervalSeconds === 0) return { stop: async () => {} };
  const abort = new AbortController();
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = runRetentionPass(deps, settings, { signal: abort.signal })
        .then(() => undefined)
        .catch((err: unknown) => deps.log.warn({ err }, "retention pass failed; the next one continues"))
        .finally(() => {
          if (!abort.signal.aborted) schedule(intervalSeconds * 1000);
        });
    }, ms);
  };
  schedule(Math.random() * intervalSeconds * 1000);
  return {
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
