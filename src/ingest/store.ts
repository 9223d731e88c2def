import type pg from "pg";
import type { DeliveryJob } from "../delivery/jobs.ts";
import { newId } from "../ids.ts";

// A checked-out client has no 'error' listener of the pool's, so a server ending the
// connection between two statements (a restart) would crash the process. The statement
// in progress or the next one fails too, which rolls the batch back for a redelivery.
const ignoreConnectionLoss = () => {};

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

/**
 * Makes one batch of ingest durable in a single transaction: rejected messages, events
 * (once per organization + id), and one delivery per matching endpoint. Returns the jobs
 * the delivery stage still needs: new deliveries, plus never-attempted deliveries of
 * events that were already stored (their jobs may have been lost in a crash between
 * this commit and the publish; JetStream's dedupe or the run check drops the extra).
 */
export async function storeIngestBatch(pool: pg.Pool, events: AcceptedEvent[], rejections: Rejection[]): Promise<DeliveryJob[]> {
  const client = await pool.connect();
  client.on("error", ignoreConnectionLoss);
  try {
    await client.query("BEGIN");
    if (rejections.length > 0) {
      await client.query(
        `INSERT INTO rejected_messages (id, organization_id, subject, reason, excerpt, size)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::int[])`,
        [
          rejections.map(() => newId("rej")),
          rejections.map((r) => r.organizationId),
          rejections.map((r) => r.subject),
          rejections.map((r) => r.reason),
          rejections.map((r) => r.excerpt),
          rejections.map((r) => r.size),
        ],
      );
    }
    const jobs: DeliveryJob[] = [];
    if (events.length > 0) {
      const inserted = await client.query<{ organization_id: string; id: string }>(
        `INSERT INTO events (organization_id, id, type, timestamp, payload)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bytea[])
         ON CONFLICT (organization_id, id) DO NOTHING
         RETURNING organization_id, id`,
        [events.map((e) => e.organizationId), events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.timestamp), events.map((e) => e.payload)],
      );
      const key = (org: string, id: string) => `${org}\u0000${id}`;
      const fresh = new Set(inserted.rows.map((r) => key(r.organization_id, r.id)));
      const byKey = new Map(events.map((e) => [key(e.organizationId, e.id), e]));
      const rows: { id: string; org: string; event: string; endpoint: string; type: string }[] = [];
      for (const k of fresh) {
        const e = byKey.get(k)!;
        for (const endpoint of e.endpointIds) rows.push({ id: newId("dlv"), org: e.organizationId, event: e.id, endpoint, type: e.type });
      }
      if (rows.length > 0) {
        // The initial run's id is the delivery id: a re-published initial job dedupes on it.
        const created = await client.query<{ id: string; organization_id: string; event_id: string; endpoint_id: string; event_type: string; run_id: string }>(
          `INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, run_id, run_trigger)
           SELECT v.id, v.org, v.event, v.endpoint, v.type, v.id, 'INITIAL'
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS v(id, org, event, endpoint, type)
           ON CONFLICT (endpoint_id, event_id) DO NOTHING
           RETURNING id, organization_id, event_id, endpoint_id, event_type, run_id`,
          [rows.map((r) => r.id), rows.map((r) => r.org), rows.map((r) => r.event), rows.map((r) => r.endpoint), rows.map((r) => r.type)],
        );
        for (const d of created.rows) {
          jobs.push({
            deliveryId: d.id,
            organizationId: d.organization_id,
            endpointId: d.endpoint_id,
            eventId: d.event_id,
            eventType: d.event_type,
            runId: d.run_id,
            body: byKey.get(key(d.organization_id, d.event_id))!.payload,
          });
        }
      }
      const repeats = [...byKey.keys()].filter((k) => !fresh.has(k)).map((k) => byKey.get(k)!);
      if (repeats.length > 0) {
        const unsent = await client.query<{ id: string; organization_id: string; event_id: string; endpoint_id: string; event_type: string; run_id: string; payload: Buffer }>(
          `SELECT d.id, d.organization_id, d.event_id, d.endpoint_id, d.event_type, d.run_id, e.payload
             FROM deliveries d
             JOIN events e ON e.organization_id = d.organization_id AND e.id = d.event_id
             JOIN unnest($1::text[], $2::text[]) AS v(org, event) ON v.org = d.organization_id AND v.event = d.event_id
            WHERE d.status = 'PENDING' AND d.attempt_count = 0 AND d.run_trigger = 'INITIAL'`,
          [repeats.map((e) => e.organizationId), repeats.map((e) => e.id)],
        );
        for (const d of unsent.rows) {
          jobs.push({ deliveryId: d.id, organizationId: d.organization_id, endpointId: d.endpoint_id, eventId: d.event_id, eventType: d.event_type, runId: d.run_id, body: d.payload });
        }
      }
    }
    await client.query("COMMIT");
    return jobs;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.off("error", ignoreConnectionLoss);
    client.release();
  }
}
