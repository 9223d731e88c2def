import type pg from "pg";
import type { AttemptTrigger, DeliveryStatus } from "../db/client.ts";
import { pgArray } from "../db/binary-array.ts";
import { withoutNul } from "../db/text.ts";
import { newId } from "../rules/ids.ts";
import type { AttemptNotice, DeliveryNotice } from "../realtime/topics.ts";
import type { AttemptErrorKind } from "../rules/classify.ts";

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
}

export interface RecordedBatch {
  attempts: AttemptNotice[];
  deliveries: DeliveryNotice[];
  /** Endpoints that this batch disabled for failing too long. */
  disabledEndpoints: string[];
}

/**
 * Writes a batch of finished attempts in one statement (one round trip, atomic without
 * BEGIN/COMMIT): a multi-row INSERT of attempts, an INSERT of planned deliveries whose row
 * is not there yet, an UPDATE … FROM unnest of the others (which also stores the counts of
 * attempts claimed without a reservation, see FIRST_ATTEMPT), and the endpoints' failure
 * streaks. A repeat of the same attempt (same delivery and number) is ignored, and so is the
 * attempt of a planned delivery that another worker wrote under another id (the same event
 * processed twice): that worker's row and attempts stand for it. Only when some attempt
 * failed does a second statement disable the endpoints that have failed for too long (and
 * cancel their pending deliveries); if that one is lost, the next failure repeats it.
 */
export async function recordAttempts(pool: pg.Pool, outcomes: AttemptRecord[], disableAfterHours: number): Promise<RecordedBatch> {
  const now = new Date();
  const withAttempt = outcomes.filter((o) => o.attempt);
  const ids = withAttempt.map(() => newId("att"));
  const succeeded = [...new Set(withAttempt.filter((o) => o.attempt!.succeeded).map((o) => o.endpointId))];
  const failed = [...new Set(withAttempt.filter((o) => !o.attempt!.succeeded).map((o) => o.endpointId))].filter((e) => !succeeded.includes(e));
  const planned = outcomes.filter((o) => o.planned);
  // A planned delivery's row exists only if it was written early: the others skip the update,
  // which would look each of them up to find nothing.
  const existing = outcomes.filter((o) => !o.planned || o.planned.writtenEarly);
  // Only the run that made the attempt may settle the delivery: a redelivery started
  // meanwhile owns it now. A row inserted by `ins` is not visible to `upd` (one snapshot), so
  // each delivery is written by exactly one of them.
  // An inserted row returns only its id: the rest of it is this batch's own data.
  const written = await pool.query<
    { id: string; inserted: true } | { id: string; inserted: false; attempt_count: number; event_type: string; created_at: Date; last_attempt_at: Date | null }
  >({
    name: "herald-record-outcomes",
    text: `WITH ins AS (
       INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, run_id, run_trigger, status,
                               attempt_count, run_attempts, next_attempt_at, last_attempt_at, created_at, updated_at)
       SELECT n.id, n.org, n.event, n.endpoint, n.type, n.id, 'INITIAL', n.status::"DeliveryStatus", n.num, n.num, n.next,
              CASE WHEN n.num > 0 THEN $13::timestamptz END, $13, $13
         FROM unnest($23::text[], $24::text[], $25::text[], $26::text[], $27::text[], $28::text[], $29::int[], $30::text[]::timestamptz[])
           AS n(id, org, event, endpoint, type, status, num, next)
       ON CONFLICT DO NOTHING
       RETURNING id
     ), upd AS (
       UPDATE deliveries d
          SET status = u.status::"DeliveryStatus", next_attempt_at = u.next,
              attempt_count = GREATEST(d.attempt_count, u.num), run_attempts = GREATEST(d.run_attempts, u.run_num),
              last_attempt_at = CASE WHEN u.attempted THEN $13::timestamptz ELSE d.last_attempt_at END, updated_at = $13
         FROM unnest($14::text[], $15::text[], $16::text[], $17::text[]::timestamptz[], $18::bool[], $21::int[], $22::int[])
           AS u(id, run, status, next, attempted, num, run_num)
        WHERE d.id = u.id AND d.run_id = u.run
        RETURNING d.id, d.attempt_count, d.event_type, d.created_at, d.last_attempt_at
     ), att AS (
       INSERT INTO delivery_attempts (id, delivery_id, organization_id, endpoint_id, event_id, attempt_number, trigger,
                                      response_status, response_body, error, error_message, duration_ms, created_at)
       SELECT a.id, a.delivery_id, a.org, a.endpoint, a.event, a.num, a.trig::"AttemptTrigger", a.status, a.body,
              a.err::"AttemptError", a.msg, a.dur, $13
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::int[],
                     $9::text[], $10::text[], $11::text[], $12::int[], $31::bool[])
           AS a(id, delivery_id, org, endpoint, event, num, trig, status, body, err, msg, dur, planned)
        WHERE NOT a.planned OR a.delivery_id IN (SELECT id FROM ins UNION ALL SELECT id FROM upd)
       ON CONFLICT (delivery_id, attempt_number) DO NOTHING
     ), recovered AS (
       UPDATE endpoints SET failing_since = NULL WHERE id = ANY($19::text[]) AND failing_since IS NOT NULL
     ), failing AS (
       UPDATE endpoints SET failing_since = $13 WHERE id = ANY($20::text[]) AND failing_since IS NULL
     )
     SELECT id, true AS inserted, NULL::int AS attempt_count, NULL::text AS event_type, NULL::timestamptz AS created_at,
            NULL::timestamptz AS last_attempt_at FROM ins
     UNION ALL SELECT id, false, attempt_count, event_type, created_at, last_attempt_at FROM upd`,
    values: [
      pgArray.text(ids),
      pgArray.text(withAttempt.map((o) => o.deliveryId)),
      pgArray.text(withAttempt.map((o) => o.organizationId)),
      pgArray.text(withAttempt.map((o) => o.endpointId)),
      pgArray.text(withAttempt.map((o) => o.eventId)),
      pgArray.int4(withAttempt.map((o) => o.attempt!.attemptNumber)),
      pgArray.text(withAttempt.map((o) => o.attempt!.trigger)),
      pgArray.int4(withAttempt.map((o) => o.attempt!.responseStatus)),
      pgArray.text(withAttempt.map((o) => withoutNul(o.attempt!.responseBody))),
      pgArray.text(withAttempt.map((o) => o.attempt!.error)),
      pgArray.text(withAttempt.map((o) => withoutNul(o.attempt!.errorMessage))),
      pgArray.int4(withAttempt.map((o) => o.attempt!.durationMs)),
      now,
      pgArray.text(existing.map((o) => o.deliveryId)),
      pgArray.text(existing.map((o) => o.runId)),
      pgArray.text(existing.map((o) => o.status)),
      pgArray.text(existing.map((o) => o.nextAttemptAt?.toISOString())),
      pgArray.bool(existing.map((o) => !!o.attempt)),
      pgArray.text(succeeded),
      pgArray.text(failed),
      pgArray.int4(existing.map((o) => o.attempt?.attemptNumber ?? 0)),
      pgArray.int4(existing.map((o) => o.attempt?.runAttempts ?? 0)),
      pgArray.text(planned.map((o) => o.deliveryId)),
      pgArray.text(planned.map((o) => o.organizationId)),
      pgArray.text(planned.map((o) => o.eventId)),
      pgArray.text(planned.map((o) => o.endpointId)),
      pgArray.text(planned.map((o) => o.planned!.eventType)),
      pgArray.text(planned.map((o) => o.status)),
      pgArray.int4(planned.map((o) => o.attempt?.attemptNumber ?? 0)),
      pgArray.text(planned.map((o) => o.nextAttemptAt?.toISOString())),
      pgArray.bool(withAttempt.map((o) => !!o.planned)),
    ],
  });
  let disabledEndpoints: string[] = [];
  if (failed.length > 0) {
    const disabled = await pool.query<{ id: string }>(
      `WITH off AS (
         UPDATE endpoints
            SET status = 'DISABLED', disabled_at = $2, updated_at = $2, disabled_reason = $4
          WHERE id = ANY($1) AND status = 'ENABLED' AND failing_since <= $2::timestamptz - make_interval(secs => $3::float8 * 3600)
          RETURNING id
       ), cancelled AS (
         UPDATE deliveries SET status = 'CANCELLED', updated_at = $2 WHERE endpoint_id IN (SELECT id FROM off) AND status = 'PENDING'
       )
       SELECT id FROM off`,
      [failed, now, disableAfterHours, `every delivery attempt failed for ${disableAfterHours} hours`],
    );
    disabledEndpoints = disabled.rows.map((r) => r.id);
  }
  const rows = new Map(written.rows.map((r) => [r.id, r]));
  const createdAt = now.toISOString();
  return {
    attempts: withAttempt.map((o, i) => ({
      id: ids[i]!,
      deliveryId: o.deliveryId,
      organizationId: o.organizationId,
      endpointId: o.endpointId,
      eventId: o.eventId,
      attemptNumber: o.attempt!.attemptNumber,
      trigger: o.attempt!.trigger,
      responseStatus: o.attempt!.responseStatus,
      responseBody: o.attempt!.responseBody,
      error: o.attempt!.error,
      errorMessage: o.attempt!.errorMessage,
      durationMs: o.attempt!.durationMs,
      createdAt,
    })),
    deliveries: outcomes
      // A status change, or a row born here (a planned delivery whose first attempt failed is born PENDING).
      .filter((o) => rows.has(o.deliveryId) && (o.status !== "PENDING" || rows.get(o.deliveryId)!.inserted))
      .map((o) => {
        const row = rows.get(o.deliveryId)!;
        return {
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
        };
      }),
    disabledEndpoints,
  };
}
