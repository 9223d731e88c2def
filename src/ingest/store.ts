import type pg from "pg";
import type { DeliveryJob } from "../delivery/jobs.ts";
import { pgArray } from "../db/binary-array.ts";
import { withoutNul } from "../db/text.ts";
import { newId } from "../ids.ts";
import { DUPLICATE_WINDOW_MS } from "../nats/streams.ts";

export interface AcceptedEvent {
  organizationId: string;
  id: string;
  type: string;
  timestamp: string;
  payload: Buffer;
  endpointIds: string[];
}

export interface Rejection {
  organizationId: string | null;
  subject: string;
  reason: string;
  excerpt: Buffer;
  size: number;
}

type JobRow = { id: string; organization_id: string; event_id: string; endpoint_id: string; event_type: string; run_id: string };

/** An event's identity: its id is unique within its organization. */
export const eventKey = (organizationId: string, eventId: string) => `${organizationId}\u0000${eventId}`;

export interface StoredBatch {
  /** Deliveries this batch created: no one has attempted them yet. */
  fresh: DeliveryJob[];
  /** Unfinished deliveries of events stored before, whose jobs may have been lost (see below). */
  resumed: DeliveryJob[];
}

/**
 * Makes one batch of ingest durable in a single statement (so a single round trip, and
 * atomic without BEGIN/COMMIT): rejected messages, events (once per organization + id),
 * and one delivery per matching endpoint of each event that is new.
 *
 * An event seen again (redelivered after a crash before its ack) may have deliveries whose
 * first attempt was never made or whose retry job was never published. Those are resumed
 * as jobs: never-attempted ones, and ones attempted so recently that their job, if it was
 * published, is still inside JetStream's duplicate window, so the re-publish is a no-op.
 */
export async function storeIngestBatch(pool: pg.Pool, events: AcceptedEvent[], rejections: Rejection[]): Promise<StoredBatch> {
  const byKey = new Map(events.map((e) => [eventKey(e.organizationId, e.id), e]));
  const unique = [...byKey.values()];
  const rows: JobRow[] = [];
  for (const e of unique) {
    for (const endpoint of e.endpointIds) {
      // The initial run's id is the delivery id: a re-published initial job dedupes on it.
      const id = newId("dlv");
      rows.push({ id, organization_id: e.organizationId, event_id: e.id, endpoint_id: endpoint, event_type: e.type, run_id: id });
    }
  }
  // Deliveries join the events this statement inserted, so a repeated event adds none.
  const { rows: stored } = await pool.query<{ kind: "event" | "delivery"; id: string; organization_id: string }>({
    // Named: parsed and planned once per connection, not once per batch.
    name: "herald-ingest-batch",
    text: `WITH rej AS (
       INSERT INTO rejected_messages (id, organization_id, subject, reason, excerpt, size)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::int[])
     ), ev AS (
       INSERT INTO events (organization_id, id, type, timestamp, payload)
       SELECT * FROM unnest($7::text[], $8::text[], $9::text[], $10::text[]::timestamptz[], $11::bytea[])
       ON CONFLICT (organization_id, id) DO NOTHING
       RETURNING organization_id, id
     ), dl AS (
       INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, run_id, run_trigger)
       SELECT v.id, v.org, v.event, v.endpoint, v.type, v.id, 'INITIAL'
         FROM unnest($12::text[], $13::text[], $14::text[], $15::text[], $16::text[]) AS v(id, org, event, endpoint, type)
         JOIN ev ON ev.organization_id = v.org AND ev.id = v.event
       ON CONFLICT (event_id, endpoint_id) DO NOTHING
       RETURNING id
     )
     SELECT 'event' AS kind, id, organization_id FROM ev
     UNION ALL
     SELECT 'delivery', id, NULL FROM dl`,
    values: [
      pgArray.text(rejections.map(() => newId("rej"))),
      pgArray.text(rejections.map((r) => r.organizationId)),
      pgArray.text(rejections.map((r) => withoutNul(r.subject))),
      pgArray.text(rejections.map((r) => withoutNul(r.reason))),
      pgArray.bytea(rejections.map((r) => r.excerpt)),
      pgArray.int4(rejections.map((r) => r.size)),
      pgArray.text(unique.map((e) => e.organizationId)),
      pgArray.text(unique.map((e) => e.id)),
      pgArray.text(unique.map((e) => e.type)),
      pgArray.text(unique.map((e) => e.timestamp)),
      pgArray.bytea(unique.map((e) => e.payload)),
      pgArray.text(rows.map((r) => r.id)),
      pgArray.text(rows.map((r) => r.organization_id)),
      pgArray.text(rows.map((r) => r.event_id)),
      pgArray.text(rows.map((r) => r.endpoint_id)),
      pgArray.text(rows.map((r) => r.event_type)),
    ],
  });
  const fresh = new Set(stored.filter((r) => r.kind === "event").map((r) => eventKey(r.organization_id, r.id)));
  const inserted = new Set(stored.filter((r) => r.kind === "delivery").map((r) => r.id));
  const toJob = (d: JobRow, body: Uint8Array, notBefore?: Date | null): DeliveryJob => ({
    deliveryId: d.id,
    organizationId: d.organization_id,
    endpointId: d.endpoint_id,
    eventId: d.event_id,
    eventType: d.event_type,
    runId: d.run_id,
    body,
    ...(notBefore ? { notBefore: notBefore.getTime() } : {}),
  });
  const created = rows.filter((d) => inserted.has(d.id)).map((d) => toJob(d, byKey.get(eventKey(d.organization_id, d.event_id))!.payload));
  const repeats = unique.filter((e) => !fresh.has(eventKey(e.organizationId, e.id)));
  const resumed: DeliveryJob[] = [];
  if (repeats.length > 0) {
    // Half the window: a margin for the time between recording an attempt and publishing its job.
    const { rows: unsent } = await pool.query<JobRow & { payload: Buffer; next_attempt_at: Date | null }>(
      `SELECT d.id, d.organization_id, d.event_id, d.endpoint_id, d.event_type, d.run_id, d.next_attempt_at, e.payload
         FROM deliveries d
         JOIN events e ON e.organization_id = d.organization_id AND e.id = d.event_id
         JOIN unnest($1::text[], $2::text[]) AS v(org, event) ON v.org = d.organization_id AND v.event = d.event_id
        WHERE d.status = 'PENDING' AND d.run_trigger = 'INITIAL'
          AND (d.attempt_count = 0 OR d.last_attempt_at > now() - make_interval(secs => $3::float8))`,
      [repeats.map((e) => e.organizationId), repeats.map((e) => e.id), DUPLICATE_WINDOW_MS / 2_000],
    );
    for (const d of unsent) resumed.push(toJob(d, d.payload, d.next_attempt_at));
  }
  return { fresh: created, resumed };
}
