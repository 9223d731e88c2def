import type pg from "pg";
import type { AttemptTrigger, Delivery, DeliveryStatus, Prisma, PrismaClient } from "../db/client.ts";
import { pgArray } from "../db/binary-array.ts";
import { withClient } from "../db/checked-out.ts";
import { withoutNul } from "../db/text.ts";
import type { DeliveryJob, RunTrigger } from "../nats/delivery-jobs.ts";
import { DUPLICATE_WINDOW_MS } from "../nats/streams.ts";
import type { Announcer } from "../realtime/announcer.ts";
import type { AttemptNotice, DeliveryNotice } from "../realtime/topics.ts";
import { encodeReceivedHeaders, encodeSentHeaders, type ReceivedHeaders } from "../rules/attempt-headers.ts";
import type { AttemptErrorKind } from "../rules/classify.ts";
import type { BucketRange } from "../rules/stats-buckets.ts";
import { newId, sequencedId } from "../rules/ids.ts";
import { idMadeAt } from "../rules/retention.ts";
import { disableFailingEndpointsCte, endpointFailureStreakCtes, heldOutcomeCte, heldRoomCte, heldTallyCte } from "./endpoints.ts";

// The one owner of the `deliveries` and `delivery_attempts` tables: every statement that
// writes them is here, and every row born or changing status here is announced to live
// subscribers through announceDeliveries.

/** Where live notices go (the realtime bus's announcer). */
export type Announce = Pick<Announcer, "attempt" | "delivery">;

/** A delivery row as its live notice needs it (a Prisma `Delivery` is one). */
export interface DeliveryRow {
  id: string;
  organizationId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** RETURNING columns of `deliveries d` that make a DeliveryRow. */
const ROW_COLUMNS = `d.id, d.organization_id AS "organizationId", d.endpoint_id AS "endpointId", d.event_id AS "eventId",
  d.event_type AS "eventType", d.status, d.attempt_count AS "attemptCount", d.next_attempt_at AS "nextAttemptAt",
  d.last_attempt_at AS "lastAttemptAt", d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

export function deliveryNotice(row: DeliveryRow): DeliveryNotice {
  return {
    id: row.id,
    organizationId: row.organizationId,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Tells live subscribers about deliveries whose row was born or changed status: the one way
 * such notices leave this module, so that `deliveryUpdated` hears of every status change.
 */
export function announceDeliveries(announce: Pick<Announce, "delivery">, notices: DeliveryNotice[]): void {
  for (const n of notices) announce.delivery(n);
}

export interface Reservation {
  attemptNumber: number;
  runAttempts: number;
  runTrigger: AttemptTrigger;
}

/**
 * Claims the next attempt number of each delivery whose job is still current (same run,
 * still PENDING). Numbers come from Herald's own count, never from JetStream's
 * redelivery count; a job for a finished delivery or a superseded run gets null.
 */
export async function reserveAttempts(pool: pg.Pool, jobs: { deliveryId: string; runId: string }[]): Promise<(Reservation | null)[]> {
  const { rows } = await pool.query<{ id: string; attempt_count: number; run_attempts: number; run_trigger: AttemptTrigger }>({
    // Named statements are parsed and planned once per connection, not once per batch.
    name: "herald-reserve-attempts",
    text: `UPDATE deliveries d
        SET attempt_count = d.attempt_count + 1, run_attempts = d.run_attempts + 1, updated_at = now()
       FROM (SELECT DISTINCT ON (id) id, run FROM unnest($1::text[], $2::text[]) AS u(id, run)) AS v
      WHERE d.id = v.id AND d.run_id = v.run AND d.status = 'PENDING'
      RETURNING d.id, d.attempt_count, d.run_attempts, d.run_trigger`,
    values: [pgArray.text(jobs.map((j) => j.deliveryId)), pgArray.text(jobs.map((j) => j.runId))],
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return jobs.map((j) => {
    const r = byId.get(j.deliveryId);
    if (!r) return null;
    // A second job for the same delivery in one batch is a duplicate: only the first goes.
    byId.delete(j.deliveryId);
    return { attemptNumber: r.attempt_count, runAttempts: r.run_attempts, runTrigger: r.run_trigger };
  });
}

export interface AttemptRecord {
  deliveryId: string;
  runId: string;
  organizationId: string;
  endpointId: string;
  eventId: string;
  /** Absent when no request was made (the delivery was cancelled). */
  attempt?: {
    attemptNumber: number;
    /** The attempt's place in its run (1 for the run's first). */
    runAttempts: number;
    trigger: AttemptTrigger;
    responseStatus: number | null;
    responseBody: string | null;
    /** The headers of the request as sent, the signature's included. */
    requestHeaders?: Record<string, string>;
    /** Absent when no response came. */
    responseHeaders?: ReceivedHeaders | null;
    error: AttemptErrorKind | null;
    errorMessage: string | null;
    durationMs: number;
    succeeded: boolean;
  };
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  /**
   * Set for a delivery ingest planned (see storeIngestBatch): its row may not exist yet, and
   * is then inserted in this final state; a row already there (written PENDING while the
   * attempt ran, `writtenEarly`) is updated like any other.
   */
  planned?: { eventType: string; writtenEarly: boolean };
  /** The receiver asked to stop receiving (410 Gone): its endpoint is disabled at once, with this reason. */
  disableEndpoint?: string;
  /** Its endpoint orders with onFailure BLOCK: FAILED, it keeps holding its ordering line. */
  holdsLineOnFailure?: boolean;
}

export interface RecordedBatch {
  /** Endpoints that this batch disabled, for failing too long or because their receiver asked to stop, with the reason recorded. */
  disabledEndpoints: { id: string; reason: string }[];
  /** Ordering lines whose head this batch settled: their next member may go (see releaseLineHeads). */
  movedLines: LineRef[];
}

// The outcome statement's parameters: $1 now; $2–$14 the attempts (attemptValues), $15–$21
// the rows to settle (settleValues), $22–$29 the planned rows (plannedValues); $30 and $31
// the endpoints whose failure streak ends or starts; $32 which rows to settle hold their
// ordering line when FAILED; $33 and $34 the attempts' headers (attemptHeaderValues).

/** `ins`: planned deliveries whose row is not there yet, born in their first outcome's state. */
const INSERT_PLANNED = `ins AS (
       INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, run_id, run_trigger, status,
                               attempt_count, run_attempts, next_attempt_at, last_attempt_at, created_at, updated_at)
       SELECT n.id, n.org, n.event, n.endpoint, n.type, n.id, 'INITIAL', n.status::"DeliveryStatus", n.num, n.num, n.next,
              CASE WHEN n.num > 0 THEN $1::timestamptz END, $1, $1
         FROM unnest($22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[], $28::int[], $29::text[]::timestamptz[])
           AS n(id, org, event, endpoint, type, status, num, next)
       ON CONFLICT DO NOTHING
       RETURNING id
     )`;

/**
 * `upd`: the other deliveries, settled only by the run that made the attempt (a redelivery
 * started meanwhile owns the row now). Also stores the counts of attempts claimed without a
 * reservation (see FIRST_ATTEMPT in delivery/deliverer.ts).
 */
// A retry of an attempt that was in flight when its endpoint went away (deleted: CANCELLED)
// or was disabled (HELD) would bring the delivery back to PENDING, and a job that finds the
// endpoint gone would cancel a held one; an attempt that ends it (SUCCEEDED, FAILED) stands.
const KEEPS_STOPPED = `d.status IN ('CANCELLED', 'HELD') AND u.status IN ('PENDING', 'CANCELLED', 'HELD')`;
// A delivery in an ordering line keeps holding it while PENDING (or held), and as BLOCKING once
// FAILED under onFailure BLOCK (`u.hold`); otherwise settling it lets the line move on.
const SETTLE_EXISTING = `upd AS (
       UPDATE deliveries d
          SET status = CASE WHEN ${KEEPS_STOPPED} THEN d.status ELSE u.status::"DeliveryStatus" END,
              next_attempt_at = CASE WHEN ${KEEPS_STOPPED} THEN NULL ELSE u.next END,
              attempt_count = GREATEST(d.attempt_count, u.num), run_attempts = GREATEST(d.run_attempts, u.run_num),
              last_attempt_at = CASE WHEN u.attempted THEN $1::timestamptz ELSE d.last_attempt_at END, updated_at = $1,
              ordering_state = CASE WHEN d.ordering_state IS NULL OR ${KEEPS_STOPPED} OR u.status IN ('PENDING', 'HELD') THEN d.ordering_state
                                    WHEN u.status = 'FAILED' AND u.hold THEN 'BLOCKING'::"OrderingState" END
         FROM unnest($15::text[], $16::text[], $17::text[], $18::text[]::timestamptz[], $19::bool[], $20::int[], $21::int[], $32::bool[])
           AS u(id, run, status, next, attempted, num, run_num, hold)
        WHERE d.id = u.id AND d.run_id = u.run
        RETURNING d.id, d.attempt_count, d.event_type, d.created_at, d.last_attempt_at,
                  CASE WHEN d.ordering_state IS NULL THEN d.ordering_key END AS left_line
     )`;

/** `att`: the attempts; a planned delivery's only if its row is this run's (see recordAttempts). */
const INSERT_ATTEMPTS = `att AS (
       INSERT INTO delivery_attempts (id, delivery_id, organization_id, endpoint_id, event_id, attempt_number, trigger,
                                      response_status, response_body, error, error_message, duration_ms, created_at,
                                      request_headers, response_headers)
       SELECT a.id, a.delivery_id, a.org, a.endpoint, a.event, a.num, a.trig::"AttemptTrigger", a.status, a.body,
              a.err::"AttemptError", a.msg, a.dur, $1, a.sent, a.received
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::int[],
                     $10::text[], $11::text[], $12::text[], $13::int[], $14::bool[], $33::text[], $34::text[])
           AS a(id, delivery_id, org, endpoint, event, num, trig, status, body, err, msg, dur, planned, sent, received)
        WHERE NOT a.planned OR a.delivery_id IN (SELECT id FROM ins UNION ALL SELECT id FROM upd)
       ON CONFLICT (delivery_id, attempt_number) DO NOTHING
     )`;

const RECORD_OUTCOMES = `WITH ${INSERT_PLANNED}, ${SETTLE_EXISTING}, ${INSERT_ATTEMPTS},
     ${endpointFailureStreakCtes({ now: "$1", recovered: "$30", failing: "$31" })}
     SELECT id, true AS inserted, NULL::int AS attempt_count, NULL::text AS event_type, NULL::timestamptz AS created_at,
            NULL::timestamptz AS last_attempt_at, NULL::text AS left_line FROM ins
     UNION ALL SELECT id, false, attempt_count, event_type, created_at, last_attempt_at, left_line FROM upd`;

type WrittenRow =
  | { id: string; inserted: true }
  | {
      id: string;
      inserted: false;
      attempt_count: number;
      event_type: string;
      created_at: Date;
      last_attempt_at: Date | null;
      /** The key of the ordering line this delivery is not (or no longer) holding. */
      left_line: string | null;
    };

type Attempted = AttemptRecord & { attempt: NonNullable<AttemptRecord["attempt"]> };

/**
 * Writes a batch of finished attempts in one statement (one round trip, atomic without
 * BEGIN/COMMIT): a multi-row INSERT of attempts, an INSERT of planned deliveries whose row
 * is not there yet, an UPDATE … FROM unnest of the others, and the endpoints' failure
 * streaks. A repeat of the same attempt (same delivery and number) is ignored, and so is the
 * attempt of a planned delivery that another worker wrote under another id (the same event
 * processed twice): that worker's row and attempts stand for it. Only when some attempt
 * failed does a second statement disable the endpoints that have failed for too long (and
 * hold their pending deliveries); if that one is lost, the next failure repeats it.
 * Attempts and status changes are announced once written.
 */
export async function recordAttempts(
  deps: { pool: pg.Pool; announce: Announce },
  outcomes: AttemptRecord[],
  disableAfterHours: number,
): Promise<RecordedBatch> {
  const now = new Date();
  const withAttempt = outcomes.filter((o): o is Attempted => !!o.attempt);
  const ids = withAttempt.map(() => newId("att"));
  const { succeeded, failed } = endpointStreaks(withAttempt);
  const written = await deps.pool.query<WrittenRow>({
    name: "herald-record-outcomes",
    text: RECORD_OUTCOMES,
    values: [
      now,
      ...attemptValues(withAttempt, ids),
      ...settleValues(outcomes),
      ...plannedValues(outcomes),
      pgArray.text(succeeded),
      pgArray.text(failed),
      pgArray.bool(settledRows(outcomes).map((o) => !!o.holdsLineOnFailure)),
      ...attemptHeaderValues(withAttempt),
    ],
  });
  const createdAt = now.toISOString();
  for (const a of attemptNotices(withAttempt, ids, createdAt)) deps.announce.attempt(a);
  // Before the cancellations below, which may follow a row born here.
  announceDeliveries(deps.announce, outcomeNotices(outcomes, new Map(written.rows.map((r) => [r.id, r])), createdAt));
  const stops = stopRequests(outcomes);
  const disable = failed.length > 0 || stops.ids.length > 0;
  return {
    disabledEndpoints: disable ? await disableFailingEndpoints(deps, { failed, ...stops }, now, disableAfterHours) : [],
    movedLines: movedLines(outcomes, written.rows),
  };
}

function movedLines(outcomes: AttemptRecord[], rows: WrittenRow[]): LineRef[] {
  const lines: LineRef[] = [];
  const endpointOf = new Map<string, string>();
  for (const r of rows) {
    if (r.inserted || r.left_line == null) continue;
    if (endpointOf.size === 0) for (const o of outcomes) endpointOf.set(o.deliveryId, o.endpointId);
    lines.push({ endpointId: endpointOf.get(r.id)!, key: r.left_line });
  }
  return lines;
}

/** The endpoints whose receiver asked to stop in this batch, with the reason to record. */
function stopRequests(outcomes: AttemptRecord[]): { ids: string[]; reasons: string[] } {
  const ids: string[] = [];
  const reasons: string[] = [];
  for (const o of outcomes) {
    if (!o.disableEndpoint) continue;
    ids.push(o.endpointId);
    reasons.push(o.disableEndpoint);
  }
  return { ids, reasons };
}

/** Endpoints with a success in the batch (their streak ends), and those with only failures (theirs starts). */
function endpointStreaks(withAttempt: Attempted[]): { succeeded: string[]; failed: string[] } {
  const succeeded = new Set<string>();
  const attempted = new Set<string>();
  for (const o of withAttempt) {
    attempted.add(o.endpointId);
    if (o.attempt.succeeded) succeeded.add(o.endpointId);
  }
  return { succeeded: [...succeeded], failed: [...attempted].filter((e) => !succeeded.has(e)) };
}

function attemptValues(withAttempt: Attempted[], ids: string[]): unknown[] {
  return [
    pgArray.text(ids),
    pgArray.text(withAttempt.map((o) => o.deliveryId)),
    pgArray.text(withAttempt.map((o) => o.organizationId)),
    pgArray.text(withAttempt.map((o) => o.endpointId)),
    pgArray.text(withAttempt.map((o) => o.eventId)),
    pgArray.int4(withAttempt.map((o) => o.attempt.attemptNumber)),
    pgArray.text(withAttempt.map((o) => o.attempt.trigger)),
    pgArray.int4(withAttempt.map((o) => o.attempt.responseStatus)),
    pgArray.text(withAttempt.map((o) => withoutNul(o.attempt.responseBody))),
    pgArray.text(withAttempt.map((o) => o.attempt.error)),
    pgArray.text(withAttempt.map((o) => withoutNul(o.attempt.errorMessage))),
    pgArray.int4(withAttempt.map((o) => o.attempt.durationMs)),
    pgArray.bool(withAttempt.map((o) => !!o.planned)),
  ];
}

/** Encoded once here, at the write (rules/attempt-headers.ts), so the request path only keeps references. */
function attemptHeaderValues(withAttempt: Attempted[]): unknown[] {
  return [
    pgArray.text(withAttempt.map((o) => (o.attempt.requestHeaders ? encodeSentHeaders(o.attempt.requestHeaders) : null))),
    pgArray.text(withAttempt.map((o) => (o.attempt.responseHeaders ? encodeReceivedHeaders(o.attempt.responseHeaders) : null))),
  ];
}

/** The rows `upd` settles: a planned delivery's exists only if it was written early, and the others would look it up for nothing. */
const settledRows = (outcomes: AttemptRecord[]) => outcomes.filter((o) => !o.planned || o.planned.writtenEarly);

function settleValues(outcomes: AttemptRecord[]): unknown[] {
  const existing = settledRows(outcomes);
  return [
    pgArray.text(existing.map((o) => o.deliveryId)),
    pgArray.text(existing.map((o) => o.runId)),
    pgArray.text(existing.map((o) => o.status)),
    pgArray.text(existing.map((o) => o.nextAttemptAt?.toISOString())),
    pgArray.bool(existing.map((o) => !!o.attempt)),
    pgArray.int4(existing.map((o) => o.attempt?.attemptNumber ?? 0)),
    pgArray.int4(existing.map((o) => o.attempt?.runAttempts ?? 0)),
  ];
}

function plannedValues(outcomes: AttemptRecord[]): unknown[] {
  const planned = outcomes.filter((o) => o.planned);
  return [
    pgArray.text(planned.map((o) => o.deliveryId)),
    pgArray.text(planned.map((o) => o.organizationId)),
    pgArray.text(planned.map((o) => o.eventId)),
    pgArray.text(planned.map((o) => o.endpointId)),
    pgArray.text(planned.map((o) => o.planned!.eventType)),
    pgArray.text(planned.map((o) => o.status)),
    pgArray.int4(planned.map((o) => o.attempt?.attemptNumber ?? 0)),
    pgArray.text(planned.map((o) => o.nextAttemptAt?.toISOString())),
  ];
}

function attemptNotices(withAttempt: Attempted[], ids: string[], createdAt: string): AttemptNotice[] {
  return withAttempt.map((o, i) => ({
    id: ids[i]!,
    deliveryId: o.deliveryId,
    organizationId: o.organizationId,
    endpointId: o.endpointId,
    eventId: o.eventId,
    attemptNumber: o.attempt.attemptNumber,
    trigger: o.attempt.trigger,
    responseStatus: o.attempt.responseStatus,
    responseBody: o.attempt.responseBody,
    error: o.attempt.error,
    errorMessage: o.attempt.errorMessage,
    durationMs: o.attempt.durationMs,
    createdAt,
  }));
}

/** A status change, or a row born here (a planned delivery whose first attempt failed is born PENDING); built from the write, not read back. */
function outcomeNotices(outcomes: AttemptRecord[], rows: Map<string, WrittenRow>, createdAt: string): DeliveryNotice[] {
  const notices: DeliveryNotice[] = [];
  for (const o of outcomes) {
    const row = rows.get(o.deliveryId);
    if (!row || (o.status === "PENDING" && !row.inserted)) continue;
    notices.push({
      id: o.deliveryId,
      organizationId: o.organizationId,
      endpointId: o.endpointId,
      eventId: o.eventId,
      eventType: row.inserted ? o.planned!.eventType : row.event_type,
      status: o.status,
      attemptCount: row.inserted ? (o.attempt?.attemptNumber ?? 0) : row.attempt_count,
      nextAttemptAt: o.nextAttemptAt?.toISOString() ?? null,
      lastAttemptAt: row.inserted ? (o.attempt ? createdAt : null) : (row.last_attempt_at?.toISOString() ?? null),
      createdAt: row.inserted ? createdAt : row.created_at.toISOString(),
      updatedAt: createdAt,
    });
  }
  return notices;
}

/**
 * Disables the endpoints among `failed` that have failed for too long, and those whose receiver
 * asked to stop (`ids`, `reasons`): the one path by which the delivery side disables an
 * endpoint. Holds (and announces) their pending deliveries in the same statement: HELD until
 * the endpoint is enabled again (a job still queued for one is dropped, see reserveAttempts).
 */
async function disableFailingEndpoints(
  deps: { pool: pg.Pool; announce: Announce },
  endpoints: { failed: string[]; ids: string[]; reasons: string[] },
  now: Date,
  hours: number,
): Promise<{ id: string; reason: string }[]> {
  const { rows } = await deps.pool.query<{ disabledId: string; disabledReason: string } & ({ id: null } | DeliveryRow)>(
    `WITH ${disableFailingEndpointsCte({ ids: "$1", now: "$2", hours: "$3", reason: "$4", stopIds: "$5", stopReasons: "$6" })}, held AS (
       UPDATE deliveries d SET status = 'HELD', next_attempt_at = NULL, updated_at = $2
        WHERE d.endpoint_id IN (SELECT id FROM off) AND d.status = 'PENDING'
       RETURNING ${ROW_COLUMNS}
     )
     SELECT off.id AS "disabledId", off.reason AS "disabledReason", h.* FROM off LEFT JOIN held h ON h."endpointId" = off.id`,
    [endpoints.failed, now, hours, `every delivery attempt failed for ${hours} hours`, endpoints.ids, endpoints.reasons],
  );
  const held = rows.filter((r): r is { disabledId: string; disabledReason: string } & DeliveryRow => r.id !== null);
  announceDeliveries(deps.announce, held.map(deliveryNotice));
  return [...new Map(rows.map((r) => [r.disabledId, { id: r.disabledId, reason: r.disabledReason }])).values()];
}

/**
 * Writes planned deliveries as PENDING, before their job is handed to JetStream or while a
 * long first attempt runs (so the log shows them). A row already there is left as it is;
 * the rows this call wrote are announced.
 */
export async function writePendingDeliveries(deps: { pool: pg.Pool; announce: Announce }, jobs: DeliveryJob[]): Promise<void> {
  const { rows } = await deps.pool.query<{ id: string; created_at: Date }>({
    name: "herald-pending-deliveries",
    text: `INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, run_id, run_trigger)
           SELECT v.id, v.org, v.event, v.endpoint, v.type, v.id, 'INITIAL'
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS v(id, org, event, endpoint, type)
           ON CONFLICT DO NOTHING
           RETURNING id, created_at`,
    values: [
      pgArray.text(jobs.map((j) => j.deliveryId)),
      pgArray.text(jobs.map((j) => j.organizationId)),
      pgArray.text(jobs.map((j) => j.eventId)),
      pgArray.text(jobs.map((j) => j.endpointId)),
      pgArray.text(jobs.map((j) => j.eventType)),
    ],
  });
  const byId = new Map(jobs.map((j) => [j.deliveryId, j]));
  const born = rows.map(({ id, created_at }): DeliveryRow => {
    const j = byId.get(id)!;
    return { ...jobRow(j), status: "PENDING", attemptCount: 0, nextAttemptAt: null, lastAttemptAt: null, createdAt: created_at, updatedAt: created_at };
  });
  announceDeliveries(deps.announce, born.map(deliveryNotice));
}

const jobRow = (j: DeliveryJob) => ({
  id: j.deliveryId,
  organizationId: j.organizationId,
  endpointId: j.endpointId,
  eventId: j.eventId,
  eventType: j.eventType,
});

/**
 * CTEs of ingest's batch statement (store/events.ts) that hold new events for the disabled
 * endpoints they match: one HELD delivery per (event, endpoint), in batch order, while the
 * endpoint has room under `maxHeld`; the events beyond it are counted on the endpoint
 * (held_overflow) instead. An event stored before (a redelivered message) is held for no one
 * again. Parameters from `first` (eight), filled by heldDeliveriesValues; the statement's
 * RETURNING adds HELD_SEND_TO.
 */
export function heldDeliveriesCtes(first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `held_pair AS (
       SELECT h.org, h.event, h.endpoint, h.id, h.type, h.key, h.seq, row_number() OVER (PARTITION BY h.endpoint ORDER BY h.n) AS k
         FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(6)}::text[], ${p(7)}::text[]::int8[])
           WITH ORDINALITY AS h(org, event, endpoint, id, type, key, seq, n)
        WHERE NOT EXISTS (SELECT 1 FROM events x WHERE x.organization_id = h.org AND x.id = h.event)
     ), ${heldRoomCte("held_pair")}, held_new AS (
       SELECT p.*, r.status = 'DISABLED' AS holds, p.k <= ${p(5)}::int - r.held_count AS fits FROM held_pair p JOIN held_room r ON r.id = p.endpoint
     ), held AS (
       INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, run_id, run_trigger, status,
                               ordering_key, ordering_seq, ordering_state)
       SELECT id, org, event, endpoint, type, id, 'INITIAL', 'HELD', key, CASE WHEN key IS NOT NULL THEN seq END,
              CASE WHEN key IS NOT NULL THEN 'WAITING'::"OrderingState" END
         FROM held_new WHERE holds AND fits
       ON CONFLICT DO NOTHING
       RETURNING endpoint_id
     ), held_over AS (
       SELECT endpoint FROM held_new WHERE holds AND NOT fits
     ), ${heldTallyCte({ held: "held", over: "held_over" })}`;
}

/** A RETURNING column of the batch's INSERT INTO events: the endpoints the event was to be held for that are enabled by now (null: none), to send to at once. */
export const HELD_SEND_TO = `(SELECT array_agg(s.endpoint ORDER BY s.endpoint) FROM held_new s
       WHERE NOT s.holds AND s.org = events.organization_id AND s.event = events.id) AS send_to`;

export function heldDeliveriesValues(
  events: {
    organizationId: string;
    id: string;
    type: string;
    heldEndpointIds?: readonly string[];
    published?: { sequence: number; atMs: number } | undefined;
    /** Held for an ordered endpoint, the delivery takes its place in the key's line (see ordering lines below). */
    heldLines?: readonly { endpointId: string; key: string }[];
  }[],
  maxHeld: number,
): unknown[] {
  const pairs: { org: string; event: string; endpoint: string; type: string; id: string; key: string | null; seq: number }[] = [];
  for (const e of events) {
    const held = e.heldEndpointIds ?? [];
    for (let i = 0; i < held.length; i++) {
      // Ids in publish order: releasing them by id sends them in the order their events were published.
      const id = e.published ? sequencedId("dlv", e.published.atMs, e.published.sequence, i) : newId("dlv");
      const key = e.heldLines?.find((l) => l.endpointId === held[i])?.key ?? null;
      pairs.push({ org: e.organizationId, event: e.id, endpoint: held[i]!, type: e.type, id, key, seq: e.published?.sequence ?? 0 });
    }
  }
  return [
    pgArray.text(pairs.map((h) => h.org)),
    pgArray.text(pairs.map((h) => h.event)),
    pgArray.text(pairs.map((h) => h.endpoint)),
    pgArray.text(pairs.map((h) => h.id)),
    pgArray.text(pairs.map((h) => h.type)),
    maxHeld,
    pgArray.text(pairs.map((h) => h.key)),
    pgArray.text(pairs.map((h) => String(h.seq))),
  ];
}

/** What one releaseHeldDeliveries call did. */
export interface HeldRelease {
  /** PENDING again under a new run, oldest first: their jobs, for the caller to publish. */
  jobs: DeliveryJob[];
  /** The ordering lines of those back WAITING in their line instead: their heads go by releaseLineHeads. */
  lines: LineRef[];
  /** CANCELLED: enabled with deliverHeld false. */
  cancelled: number;
  /** CANCELLED too: their event's payload has expired (retention), so there is nothing to send. */
  expired: number;
}

/**
 * Settles up to `limit` of an enabled endpoint's HELD deliveries, oldest (by id: publish
 * order) first, in one statement: `deliver` makes them PENDING under a new run (trigger
 * unchanged), else CANCELLED; one whose payload has expired is CANCELLED either way (no
 * attempt was made, so it is not the receiver's FAILED). The counts add to the endpoint's
 * record of its last enable; status changes are announced. Nothing happens once the endpoint is
 * disabled again (the lock orders this with disabling) or deleted.
 */
export async function releaseHeldDeliveries(
  deps: { pool: pg.Pool; announce: Announce },
  organizationId: string,
  endpointId: string,
  opts: { deliver: boolean; limit: number },
): Promise<HeldRelease> {
  const runIds = Array.from({ length: opts.limit }, () => newId("run"));
  const { rows } = await deps.pool.query<
    DeliveryRow & { runId: string; outcome: "sent" | "cancelled" | "expired"; payload: Buffer | null; orderingState: string | null; orderingKey: string | null }
  >(
    `WITH ep AS (
       SELECT id FROM endpoints WHERE id = $1 AND organization_id = $2 AND status = 'ENABLED' AND deleted_at IS NULL FOR UPDATE
     ), batch AS (
       SELECT b.id, b.outcome, row_number() OVER (ORDER BY b.id) AS n
         FROM (SELECT d.id, CASE WHEN e.payload_expired_at IS NOT NULL THEN 'expired' WHEN $3::bool THEN 'sent' ELSE 'cancelled' END AS outcome
                 FROM deliveries d JOIN events e ON e.organization_id = d.organization_id AND e.id = d.event_id
                WHERE d.organization_id = $2 AND d.status = 'HELD' AND d.endpoint_id = (SELECT id FROM ep)
                ORDER BY d.id LIMIT $4) AS b
     ), released AS (
       UPDATE deliveries d
          SET status = CASE WHEN b.outcome = 'sent' THEN 'PENDING' ELSE 'CANCELLED' END::"DeliveryStatus",
              run_id = CASE WHEN b.outcome = 'sent' THEN r.run ELSE d.run_id END, run_attempts = 0,
              next_attempt_at = CASE WHEN b.outcome = 'sent' THEN now() END, updated_at = now(),
              -- A member of an ordering line waits for its turn again; a cancelled one leaves its line.
              ordering_state = CASE WHEN b.outcome = 'sent' AND d.ordering_state IS NOT NULL THEN 'WAITING'::"OrderingState" END
         FROM batch b JOIN unnest($5::text[]) WITH ORDINALITY AS r(run, n) ON r.n = b.n
        WHERE d.id = b.id AND d.status = 'HELD'
        RETURNING ${ROW_COLUMNS}, d.run_id AS "runId", b.outcome, d.ordering_state AS "orderingState", d.ordering_key AS "orderingKey"
     ), ${heldOutcomeCte({ endpoint: "ep", released: "released" })}
     SELECT r.*, CASE WHEN r.outcome = 'sent' THEN e.payload END AS payload
       FROM released r JOIN events e ON e.organization_id = r."organizationId" AND e.id = r."eventId"
      ORDER BY r.id`,
    [endpointId, organizationId, opts.deliver, opts.limit, pgArray.text(runIds)],
  );
  announceDeliveries(deps.announce, rows.map(deliveryNotice));
  const out: HeldRelease = { jobs: [], lines: [], cancelled: 0, expired: 0 };
  for (const r of rows) {
    if (r.outcome === "expired") out.expired++;
    else if (r.outcome === "cancelled") out.cancelled++;
    else if (r.orderingState !== null) out.lines.push({ endpointId, key: r.orderingKey! });
    else out.jobs.push({ deliveryId: r.id, organizationId, endpointId, eventId: r.eventId, eventType: r.eventType, runId: r.runId, body: r.payload! });
  }
  return out;
}

/** One endpoint a repeated event was routed to, with its delivery if one was written. */
export interface OwedDelivery {
  organization_id: string;
  event_id: string;
  type: string;
  payload: Buffer;
  endpoint_id: string;
  id: string | null;
  run_id: string;
  /** Never attempted, or attempted so recently that a re-published job would be a duplicate JetStream drops. */
  unsent: boolean;
  next_attempt_at: Date | null;
}

/**
 * What events stored before still owe (see storeIngestBatch): each endpoint each was routed
 * to, with its delivery if one was written. Half JetStream's duplicate window is the margin
 * for the time between recording an attempt and publishing its job.
 */
export async function owedDeliveries(pool: pg.Pool, events: { organizationId: string; id: string }[]): Promise<OwedDelivery[]> {
  const { rows } = await pool.query<OwedDelivery>(
    `SELECT e.organization_id, e.id AS event_id, e.type, e.payload, o.endpoint_id, d.id, d.run_id, d.next_attempt_at,
            (d.status = 'PENDING' AND d.run_trigger = 'INITIAL' AND d.ordering_state IS DISTINCT FROM 'WAITING'
              AND (d.attempt_count = 0 OR d.last_attempt_at > now() - make_interval(secs => $3::float8))) AS unsent
       FROM events e
       JOIN unnest($1::text[], $2::text[]) AS v(org, event) ON v.org = e.organization_id AND v.event = e.id
       -- Events stored before endpoint_ids existed name their endpoints through their deliveries.
       CROSS JOIN LATERAL (SELECT unnest(e.endpoint_ids)
                           UNION SELECT w.endpoint_id FROM deliveries w WHERE w.event_id = e.id AND w.organization_id = e.organization_id) AS o(endpoint_id)
       LEFT JOIN deliveries d ON d.event_id = e.id AND d.endpoint_id = o.endpoint_id AND d.organization_id = e.organization_id
      -- An event whose payload has expired has nothing left to send: it owes nothing.
      WHERE e.payload_expired_at IS NULL`,
    [pgArray.text(events.map((e) => e.organizationId)), pgArray.text(events.map((e) => e.id)), DUPLICATE_WINDOW_MS / 2_000],
  );
  return rows;
}

/**
 * Starts a new run on the given deliveries of an organization, PENDING again, and returns
 * their jobs (older runs' jobs become stale). `idleOnly` leaves out a delivery that is
 * PENDING by the time its row is locked: a concurrent call that re-queued it first wins.
 * A delivery whose event's payload has expired is left out too: there is no body to send
 * (callers report those first, with deliveriesWithExpiredPayload).
 */
export async function startRuns(
  deps: { pool: pg.Pool; announce: Announce },
  organizationId: string,
  deliveryIds: string[],
  trigger: RunTrigger,
  idleOnly = false,
): Promise<DeliveryJob[]> {
  if (deliveryIds.length === 0) return [];
  const runIds = deliveryIds.map(() => newId("run"));
  const { rows } = await deps.pool.query<DeliveryRow & { runId: string; payload: Buffer }>(
    `WITH started AS (
       UPDATE deliveries d
          SET run_id = v.run, run_trigger = $3::"AttemptTrigger", run_attempts = 0, status = 'PENDING',
              next_attempt_at = now(), updated_at = now(),
              -- Sent now, out of its turn if it was waiting: it still holds its line until it settles.
              ordering_state = CASE WHEN d.ordering_state = 'WAITING' THEN 'SENT'::"OrderingState" ELSE d.ordering_state END
         FROM unnest($1::text[], $2::text[]) AS v(id, run)
        WHERE d.id = v.id AND d.organization_id = $4 AND ($5::bool = false OR d.status <> 'PENDING')
          AND NOT EXISTS (SELECT 1 FROM events x WHERE x.organization_id = d.organization_id AND x.id = d.event_id AND x.payload_expired_at IS NOT NULL)
        RETURNING ${ROW_COLUMNS}, d.run_id AS "runId")
     SELECT s.*, e.payload FROM started s JOIN events e ON e.organization_id = s."organizationId" AND e.id = s."eventId"`,
    [deliveryIds, runIds, trigger, organizationId, idleOnly],
  );
  announceDeliveries(deps.announce, rows.map(deliveryNotice));
  return rows.map((r) => ({
    deliveryId: r.id,
    organizationId,
    endpointId: r.endpointId,
    eventId: r.eventId,
    eventType: r.eventType,
    runId: r.runId,
    body: r.payload,
  }));
}

/**
 * Ids (ULIDs, so a time window is an id range) of an endpoint's finished deliveries to replay, in
 * id order, strictly after `afterId`. HELD ones are not finished: enabling the endpoint sends them.
 */
export async function replayableDeliveryIds(
  pool: pg.Pool,
  window: { endpointId: string; fromId: string; toId: string; onlyFailed: boolean },
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM deliveries
      WHERE endpoint_id = $1 AND id >= $2 AND id < $3 AND ($4::text IS NULL OR id > $4)
        AND status NOT IN ('PENDING', 'HELD') AND ($5::bool = false OR status = 'FAILED')
      ORDER BY id LIMIT $6`,
    [window.endpointId, window.fromId, window.toId, afterId, window.onlyFailed, limit],
  );
  return rows.map((r) => r.id);
}

export function findDelivery(prisma: PrismaClient, id: string, organizationId?: string): Promise<Delivery | null> {
  return prisma.delivery.findFirst({ where: { id, ...(organizationId ? { organizationId } : {}) } });
}

/** How many deliveries of the event are written, held ones (of disabled endpoints, not among its routed ones) left out. */
export function countEventDeliveries(prisma: Pick<PrismaClient, "delivery">, organizationId: string, eventId: string): Promise<number> {
  return prisma.delivery.count({ where: { organizationId, eventId, status: { not: "HELD" } } });
}

/** Delivery counts of many endpoints per status, in one grouped query; pairs without deliveries are absent. */
export async function countByEndpointAndStatus(
  prisma: Pick<PrismaClient, "delivery">,
  endpointIds: readonly string[],
): Promise<{ endpointId: string; status: DeliveryStatus; count: number }[]> {
  const groups = await prisma.delivery.groupBy({
    by: ["endpointId", "status"],
    where: { endpointId: { in: [...endpointIds] } },
    _count: { _all: true },
  });
  return groups.map((g) => ({ endpointId: g.endpointId, status: g.status, count: g._count._all }));
}

/** Reads the attempts a resumed live feed replays. */
export type AttemptReader = Pick<PrismaClient, "deliveryAttempt">;

/** Up to `take` of an organization's attempts recorded after the attempt id `after` (ULIDs: id order is time order), optionally for one endpoint or event. */
export async function attemptsAfter(
  prisma: AttemptReader,
  organizationId: string,
  filter: { after: string; endpointId?: string | null; eventId?: string | null },
  take: number,
): Promise<AttemptNotice[]> {
  const rows = await prisma.deliveryAttempt.findMany({
    where: {
      organizationId,
      id: { gt: filter.after },
      ...(filter.endpointId ? { endpointId: filter.endpointId } : {}),
      ...(filter.eventId ? { eventId: filter.eventId } : {}),
    },
    orderBy: { id: "asc" },
    take,
  });
  return rows.map((r) => ({ ...r, trigger: r.trigger, error: r.error, createdAt: r.createdAt.toISOString() }));
}

/**
 * Inserts a TEST delivery PENDING in one transaction with its event (`event`, a write built
 * by store/events.ts), and announces it.
 */
export async function insertTestDelivery(
  deps: { prisma: PrismaClient; announce: Announce },
  event: Prisma.PrismaPromise<unknown>,
  delivery: { id: string; organizationId: string; eventId: string; endpointId: string; eventType: string },
): Promise<Delivery> {
  const [, row] = await deps.prisma.$transaction([event, deps.prisma.delivery.create({ data: { ...delivery, runId: delivery.id, runTrigger: "TEST" } })]);
  announceDeliveries(deps.announce, [deliveryNotice(row)]);
  return row;
}

/**
 * Cancels an endpoint's pending and held deliveries inside the caller's transaction (the
 * endpoint is being deleted). Returns their notices: the caller announces them with
 * announceDeliveries once the transaction has committed.
 */
export async function cancelPendingDeliveries(tx: Pick<Prisma.TransactionClient, "delivery">, endpointId: string): Promise<DeliveryNotice[]> {
  const cancelled = await tx.delivery.updateManyAndReturn({
    where: { endpointId, status: { in: ["PENDING", "HELD"] } },
    data: { status: "CANCELLED", nextAttemptAt: null, orderingState: null, updatedAt: new Date() },
  });
  return cancelled.map(deliveryNotice);
}

/**
 * Holds an endpoint's pending deliveries inside the caller's transaction (the endpoint is
 * being disabled): HELD until it is enabled again, when they are sent under a new run (a job
 * already queued for one is then stale). Returns their notices, to announce after the commit.
 */
export async function holdPendingDeliveries(tx: Pick<Prisma.TransactionClient, "delivery">, endpointId: string): Promise<DeliveryNotice[]> {
  const held = await tx.delivery.updateManyAndReturn({
    where: { endpointId, status: "PENDING" },
    data: { status: "HELD", nextAttemptAt: null, updatedAt: new Date() },
  });
  return held.map(deliveryNotice);
}

/**
 * Deletes up to `limit` of the organization's attempts with ids in (afterId, beforeId), oldest
 * first; returns how many and the last id deleted, where the next batch starts. Ids are ULIDs
 * (rules/retention.ts idMadeAt), so "made before" is a range on the (organization_id, id)
 * index; starting after the last batch's ids skips the index entries it left dead until vacuum.
 */
export async function deleteAttemptsBefore(
  pool: pg.Pool,
  organizationId: string,
  range: { afterId: string; beforeId: string },
  limit: number,
): Promise<{ deleted: number; lastId: string | null }> {
  // The row comparisons match only the (organization_id, id) index; `= ANY(ARRAY(…))` makes the
  // delete a primary-key lookup per id. With `IN (…)` Postgres may plan a hash join over a
  // sequential scan of the whole table (it cannot see the LIMIT from outside the subquery).
  const { rows } = await pool.query<{ deleted: number; lastId: string | null }>(
    `WITH gone AS (
       DELETE FROM delivery_attempts WHERE id = ANY(ARRAY(
         SELECT id FROM delivery_attempts WHERE (organization_id, id) > ($1, $2) AND (organization_id, id) < ($1, $3)
          ORDER BY organization_id, id LIMIT $4))
       RETURNING id)
     SELECT count(*)::int AS deleted, max(id) AS "lastId" FROM gone`,
    [organizationId, range.afterId, range.beforeId, limit],
  );
  return rows[0] ?? { deleted: 0, lastId: null };
}

/** Which of the organization's deliveries are of an event whose payload has expired (see expirePayloadsBefore): they cannot be sent again. */
export async function deliveriesWithExpiredPayload(pool: pg.Pool, organizationId: string, deliveryIds: string[]): Promise<Set<string>> {
  if (deliveryIds.length === 0) return new Set();
  const { rows } = await pool.query<{ id: string }>(
    `SELECT d.id FROM deliveries d JOIN events e ON e.organization_id = d.organization_id AND e.id = d.event_id
      WHERE d.id = ANY($1) AND d.organization_id = $2 AND e.payload_expired_at IS NOT NULL`,
    [deliveryIds, organizationId],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Attempts made since `since` across every organization, and how many of them failed (no
 * 2xx answer). Attempt ids are ULIDs made when the attempt was, so the window is a range
 * scan of delivery_attempts_pkey from idMadeAt(since); created_at trims it to the second.
 */
export async function attemptCountsSince(pool: pg.Pool, since: Date): Promise<{ attempts: number; failures: number }> {
  const { rows } = await pool.query<{ attempts: number; failures: number }>(
    `SELECT count(*)::int AS attempts,
            count(*) FILTER (WHERE error IS NOT NULL OR response_status IS NULL OR response_status NOT BETWEEN 200 AND 299)::int AS failures
       FROM delivery_attempts WHERE id >= $1 AND created_at >= $2`,
    [idMadeAt("att", since), since],
  );
  return rows[0] ?? { attempts: 0, failures: 0 };
}

// Ordering lines (issue #19). An endpoint with `ordering` puts each event that has a key into
// the line of (endpoint, key), at the place of its EVENTS stream sequence. A member is born
// WAITING with its event; it goes (SENT: its job is published) when it is its line's first
// member still holding the line and its sequence is at or below the ordering floor, below which
// every event is stored, so that no earlier event of the key can still turn up. It leaves the
// line when it settles (ordering_state NULL), or stays as BLOCKING when it FAILED under
// onFailure BLOCK. Whoever releases a line's head holds that line's advisory lock.

/** A delivery to be born WAITING in its ordering line, with its event. */
export interface LinedDelivery {
  id: string;
  organizationId: string;
  eventId: string;
  endpointId: string;
  eventType: string;
  key: string;
  seq: number;
}

export function linedDeliveries(
  events: readonly { organizationId: string; id: string; type: string; lines: readonly { endpointId: string; key: string }[]; streamSequence: number }[],
): LinedDelivery[] {
  const out: LinedDelivery[] = [];
  for (const e of events) {
    for (const l of e.lines) {
      out.push({
        id: newId("dlv"),
        organizationId: e.organizationId,
        eventId: e.id,
        endpointId: l.endpointId,
        eventType: e.type,
        key: l.key,
        seq: e.streamSequence,
      });
    }
  }
  return out;
}

/** CTE `lined`: the ordered deliveries of the events `events` (a CTE returning organization_id, id) inserted; parameters from `first` (7 of them). */
export function linedDeliveriesCte(p: { events: string; first: number }): string {
  const $ = (i: number) => `$${p.first + i}`;
  return `lined AS (
       INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, run_id, run_trigger, ordering_key, ordering_seq, ordering_state)
       SELECT l.id, l.org, l.event, l.endpoint, l.type, l.id, 'INITIAL', l.key, l.seq, 'WAITING'
         FROM unnest(${$(0)}::text[], ${$(1)}::text[], ${$(2)}::text[], ${$(3)}::text[], ${$(4)}::text[], ${$(5)}::text[], ${$(6)}::text[]::int8[])
           AS l(id, org, event, endpoint, type, key, seq)
         JOIN ${p.events} ON ${p.events}.organization_id = l.org AND ${p.events}.id = l.event
       ON CONFLICT DO NOTHING
       RETURNING id, organization_id, event_id, created_at
     )`;
}

export function linedDeliveriesValues(lined: LinedDelivery[]): unknown[] {
  return [
    pgArray.text(lined.map((l) => l.id)),
    pgArray.text(lined.map((l) => l.organizationId)),
    pgArray.text(lined.map((l) => l.eventId)),
    pgArray.text(lined.map((l) => l.endpointId)),
    pgArray.text(lined.map((l) => l.eventType)),
    pgArray.text(lined.map((l) => l.key)),
    pgArray.text(lined.map((l) => String(l.seq))),
  ];
}

/** The rows `lined` inserted (its RETURNING, as delivery_id and created_at), as their live notices need them. */
export function bornLined(lined: LinedDelivery[], rows: { delivery_id: string | null; created_at: Date | null }[]): DeliveryRow[] {
  const byId = new Map(lined.map((l) => [l.id, l]));
  const born: DeliveryRow[] = [];
  for (const r of rows) {
    const l = r.delivery_id === null ? undefined : byId.get(r.delivery_id);
    if (!l) continue;
    const at = r.created_at!;
    born.push({ ...l, status: "PENDING", attemptCount: 0, nextAttemptAt: null, lastAttemptAt: null, createdAt: at, updatedAt: at });
  }
  return born;
}

/** One ordering line: an endpoint and a key. */
export interface LineRef {
  endpointId: string;
  key: string;
}

/**
 * Publishes the job of each given line's head if it may go (WAITING, PENDING, at or below the
 * floor) and marks it SENT, under the lines' advisory locks. The job is published before the
 * mark commits: a crash in between leaves the head WAITING, to be published again (JetStream
 * drops the duplicate, its message id being the delivery's), never SENT without a job.
 */
export async function releaseLineHeads(pool: pg.Pool, lines: LineRef[], publish: (jobs: DeliveryJob[]) => Promise<void>): Promise<number> {
  if (lines.length === 0) return 0;
  const unique = [...new Map(lines.map((l) => [`${l.endpointId}\u0000${l.key}`, l])).values()].sort(byLine);
  return withClient(pool, async (client) => {
    await client.query("BEGIN");
    await client.query(
      "SELECT pg_advisory_xact_lock(hashtextextended(l.endpoint || ' ' || l.key, 0)) FROM unnest($1::text[], $2::text[]) AS l(endpoint, key)",
      [unique.map((l) => l.endpointId), unique.map((l) => l.key)],
    );
    const heads = await lineHeadsToRelease(client, unique);
    if (heads.length > 0) {
      await publish(heads);
      await client.query(`UPDATE deliveries SET ordering_state = 'SENT', updated_at = now() WHERE id = ANY($1::text[]) AND ordering_state = 'WAITING'`, [
        heads.map((h) => h.deliveryId),
      ]);
    }
    await client.query("COMMIT");
    return heads.length;
  });
}

const byLine = (a: LineRef, b: LineRef) =>
  a.endpointId === b.endpointId ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.endpointId < b.endpointId ? -1 : 1;

/** Each line's first member still holding it, if that one may go now, with its event's body. */
async function lineHeadsToRelease(client: pg.PoolClient, lines: LineRef[]): Promise<DeliveryJob[]> {
  const { rows } = await client.query<{
    id: string;
    organization_id: string;
    endpoint_id: string;
    event_id: string;
    event_type: string;
    run_id: string;
    payload: Buffer;
  }>(
    `SELECT h.id, h.organization_id, h.endpoint_id, h.event_id, h.event_type, h.run_id, e.payload
       FROM unnest($1::text[], $2::text[]) AS l(endpoint, key)
       CROSS JOIN LATERAL (SELECT d.* FROM deliveries d
                            WHERE d.endpoint_id = l.endpoint AND d.ordering_key = l.key AND d.ordering_state IS NOT NULL
                            ORDER BY d.ordering_seq LIMIT 1) h
       JOIN events e ON e.organization_id = h.organization_id AND e.id = h.event_id
      WHERE h.ordering_state = 'WAITING' AND h.status = 'PENDING' AND h.ordering_seq <= (SELECT seq FROM ordering_floor WHERE id = 1)`,
    [lines.map((l) => l.endpointId), lines.map((l) => l.key)],
  );
  return rows.map((r) => ({
    deliveryId: r.id,
    organizationId: r.organization_id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type,
    runId: r.run_id,
    body: r.payload,
  }));
}

/** Whether any delivery waits in an ordering line (one probe of the partial index of waiting members). */
export async function anyLineWaiting(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ waiting: boolean }>({
    name: "herald-any-line-waiting",
    text: "SELECT EXISTS (SELECT 1 FROM deliveries WHERE ordering_state = 'WAITING') AS waiting",
  });
  return rows[0]?.waiting ?? false;
}

/** The lines of members WAITING with a sequence in (after, upTo], up to `limit` members in sequence order; `last` the highest sequence read. */
export async function linesWaitingBetween(
  pool: pg.Pool,
  after: number,
  upTo: number,
  limit: number,
): Promise<{ lines: LineRef[]; last: number | null; full: boolean }> {
  const { rows } = await pool.query<{ endpoint_id: string; ordering_key: string; ordering_seq: string }>(
    `SELECT endpoint_id, ordering_key, ordering_seq FROM deliveries
      WHERE ordering_state = 'WAITING' AND ordering_seq > $1 AND ordering_seq <= $2
      ORDER BY ordering_seq LIMIT $3`,
    [after, upTo, limit],
  );
  const last = rows.length > 0 ? Number(rows[rows.length - 1]!.ordering_seq) : null;
  return { lines: rows.map((r) => ({ endpointId: r.endpoint_id, key: r.ordering_key })), last, full: rows.length === limit };
}

/**
 * Lines whose head may go but has not (its release was lost with a process, say): one index
 * probe per line, skipping from line to line, not one per waiting member.
 */
export async function stalledLines(pool: pg.Pool, limit: number): Promise<LineRef[]> {
  const { rows } = await pool.query<{ endpoint_id: string; ordering_key: string }>(
    `WITH RECURSIVE line AS (
       (SELECT endpoint_id, ordering_key FROM deliveries WHERE ordering_state IS NOT NULL ORDER BY endpoint_id, ordering_key LIMIT 1)
       UNION ALL
       SELECT n.endpoint_id, n.ordering_key FROM line l CROSS JOIN LATERAL (
         SELECT d.endpoint_id, d.ordering_key FROM deliveries d
          WHERE d.ordering_state IS NOT NULL AND (d.endpoint_id, d.ordering_key) > (l.endpoint_id, l.ordering_key)
          ORDER BY d.endpoint_id, d.ordering_key LIMIT 1) n
     )
     SELECT l.endpoint_id, l.ordering_key FROM line l
      CROSS JOIN LATERAL (SELECT d.ordering_state, d.status, d.ordering_seq FROM deliveries d
                           WHERE d.endpoint_id = l.endpoint_id AND d.ordering_key = l.ordering_key AND d.ordering_state IS NOT NULL
                           ORDER BY d.ordering_seq LIMIT 1) h
      WHERE h.ordering_state = 'WAITING' AND h.status = 'PENDING' AND h.ordering_seq <= (SELECT seq FROM ordering_floor WHERE id = 1)
      LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ endpointId: r.endpoint_id, key: r.ordering_key }));
}

/**
 * Lets the line behind a delivery that holds it as BLOCKING move on: the delivery stays FAILED
 * and leaves the line. Null when the organization has no such delivery holding a line.
 */
export async function leaveLine(pool: pg.Pool, organizationId: string, deliveryId: string): Promise<LineRef | null> {
  const { rows } = await pool.query<{ endpoint_id: string; ordering_key: string }>(
    `UPDATE deliveries SET ordering_state = NULL, updated_at = now()
      WHERE id = $1 AND organization_id = $2 AND ordering_state = 'BLOCKING' AND status = 'FAILED'
      RETURNING endpoint_id, ordering_key`,
    [deliveryId, organizationId],
  );
  return rows[0] ? { endpointId: rows[0].endpoint_id, key: rows[0].ordering_key } : null;
}

/** One bucket of an attempt-log series; the latencies are null for a bucket without attempts. */
export interface AttemptStatsBucket {
  start: Date;
  succeeded: number;
  failed: number;
  attempts: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

/** Whose attempts a series counts: one endpoint's, or those of every endpoint of an organization (deleted ones too). */
export type AttemptStatsScope = { endpointId: string } | { organizationId: string };

// Both read only delivery_attempts_endpoint_id_created_at_idx (an index-only range scan; the
// organization's, one per endpoint of it): see test/integration/stats-series.test.ts.
const SCOPE_ENDPOINT = "a.endpoint_id = $1";
const SCOPE_ORGANIZATION = "a.endpoint_id = ANY(ARRAY(SELECT id FROM endpoints WHERE organization_id = $1))";

/**
 * An attempt succeeded when its response was 2xx and no error was recorded; latency is its
 * duration. Buckets without attempts are there too (generate_series), so a chart's axis runs on.
 */
function statsSeriesQuery(scope: string): string {
  return `SELECT g.start, COALESCE(s.succeeded, 0)::int AS succeeded, COALESCE(s.attempts - s.succeeded, 0)::int AS failed,
            COALESCE(s.attempts, 0)::int AS attempts, s.p50 AS "latencyP50Ms", s.p99 AS "latencyP99Ms"
       FROM generate_series($2::timestamptz, $3::timestamptz - $4::interval, $4::interval) AS g(start)
       LEFT JOIN (
         SELECT date_bin($4::interval, a.created_at, $2::timestamptz) AS start,
                count(*) FILTER (WHERE a.response_status BETWEEN 200 AND 299 AND a.error IS NULL) AS succeeded, count(*) AS attempts,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY a.duration_ms) AS p99
           FROM delivery_attempts a
          WHERE ${scope} AND a.created_at >= $2 AND a.created_at < $3
          GROUP BY 1
       ) s ON s.start = g.start
      ORDER BY g.start`;
}

/** The statement of attemptStatsSeries, for it and for checking its plan. */
export function attemptStatsSeriesStatement(scope: AttemptStatsScope, range: BucketRange): pg.QueryConfig {
  const byEndpoint = "endpointId" in scope;
  return {
    name: byEndpoint ? "herald-stats-series-endpoint" : "herald-stats-series-organization",
    text: statsSeriesQuery(byEndpoint ? SCOPE_ENDPOINT : SCOPE_ORGANIZATION),
    values: [byEndpoint ? scope.endpointId : scope.organizationId, range.start, range.end, `${range.stepMs} milliseconds`],
  };
}

/** The attempt log of an endpoint or an organization, counted per bucket of `range` (rules/stats-buckets.ts). */
export async function attemptStatsSeries(pool: pg.Pool, scope: AttemptStatsScope, range: BucketRange): Promise<AttemptStatsBucket[]> {
  const { rows } = await pool.query<AttemptStatsBucket>(attemptStatsSeriesStatement(scope, range));
  return rows;
}
