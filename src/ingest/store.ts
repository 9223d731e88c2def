import type pg from "pg";
import type { DeliveryJob } from "../delivery/jobs.ts";
import { newId } from "../ids.ts";

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

/**
 * Makes one batch of ingest durable in a single statement (so a single round trip, and
 * atomic without BEGIN/COMMIT): rejected messages, events (once per organization + id),
 * and one delivery per matching endpoint of each event that is new. Returns the jobs the
 * delivery stage still needs: new deliveries, plus never-attempted deliveries of events
 * that were already stored (their jobs may have been lost in a crash between the insert
 * and the publish; JetStream's dedupe or the run check drops the extra).
 */
export async function storeIngestBatch(pool: pg.Pool, events: AcceptedEvent[], rejections: Rejection[]): Promise<DeliveryJob[]> {
  const key = (org: string, id: string) => `${org}\u0000${id}`;
  const byKey = new Map(events.map((e) => [key(e.organizationId, e.id), e]));
  const unique = [...byKey.values()];
  const rows: { id: string; org: string; event: string; endpoint: string; type: string }[] = [];
  for (const e of unique) {
    for (const endpoint of e.endpointIds) rows.push({ id: newId("dlv"), org: e.organizationId, event: e.id, endpoint, type: e.type });
  }
  // The initial run's id is the delivery id: a re-published initial job dedupes on it.
  // Deliveries join the events this statement inserted, so a repeated event adds none.
  const { rows: stored } = await pool.query<JobRow & { kind: "event" | "delivery" }>({
    // Named: parsed and planned once per connection, not once per batch.
    name: "herald-ingest-batch",
    text: `WITH rej AS (
       INSERT INTO rejected_messages (id, organization_id, subject, reason, excerpt, size)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::int[])
     ), ev AS (
       INSERT INTO events (organization_id, id, type, timestamp, payload)
       SELECT * FROM unnest($7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::bytea[])
       ON CONFLICT (organization_id, id) DO NOTHING
       RETURNING organization_id, id
     ), dl AS (
       INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, run_id, run_trigger)
       SELECT v.id, v.org, v.event, v.endpoint, v.type, v.id, 'INITIAL'
         FROM unnest($12::text[], $13::text[], $14::text[], $15::text[], $16::text[]) AS v(id, org, event, endpoint, type)
         JOIN ev ON ev.organization_id = v.org AND ev.id = v.event
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id, organization_id, event_id, endpoint_id, event_type, run_id
     )
     SELECT 'event' AS kind, NULL AS id, organization_id, id AS event_id, NULL AS endpoint_id, NULL AS event_type, NULL AS run_id FROM ev
     UNION ALL
     SELECT 'delivery', id, organization_id, event_id, endpoint_id, event_type, run_id FROM dl`,
    values: [
      rejections.map(() => newId("rej")),
      rejections.map((r) => r.organizationId),
      rejections.map((r) => r.subject),
      rejections.map((r) => r.reason),
      rejections.map((r) => r.excerpt),
      rejections.map((r) => r.size),
      unique.map((e) => e.organizationId),
      unique.map((e) => e.id),
      unique.map((e) => e.type),
      unique.map((e) => e.timestamp),
      unique.map((e) => e.payload),
      rows.map((r) => r.id),
      rows.map((r) => r.org),
      rows.map((r) => r.event),
      rows.map((r) => r.endpoint),
      rows.map((r) => r.type),
    ],
  });
  const fresh = new Set(stored.filter((r) => r.kind === "event").map((r) => key(r.organization_id, r.event_id)));
  const toJob = (d: JobRow, body: Uint8Array): DeliveryJob => ({
    deliveryId: d.id,
    organizationId: d.organization_id,
    endpointId: d.endpoint_id,
    eventId: d.event_id,
    eventType: d.event_type,
    runId: d.run_id,
    body,
  });
  const jobs = stored.filter((r) => r.kind === "delivery").map((d) => toJob(d, byKey.get(key(d.organization_id, d.event_id))!.payload));
  const repeats = unique.filter((e) => !fresh.has(key(e.organizationId, e.id)));
  if (repeats.length > 0) {
    const { rows: unsent } = await pool.query<JobRow & { payload: Buffer }>(
      `SELECT d.id, d.organization_id, d.event_id, d.endpoint_id, d.event_type, d.run_id, e.payload
         FROM deliveries d
         JOIN events e ON e.organization_id = d.organization_id AND e.id = d.event_id
         JOIN unnest($1::text[], $2::text[]) AS v(org, event) ON v.org = d.organization_id AND v.event = d.event_id
        WHERE d.status = 'PENDING' AND d.attempt_count = 0 AND d.run_trigger = 'INITIAL'`,
      [repeats.map((e) => e.organizationId), repeats.map((e) => e.id)],
    );
    for (const d of unsent) jobs.push(toJob(d, d.payload));
  }
  return jobs;
}
