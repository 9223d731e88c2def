import type pg from "pg";
import type { DeliveryJob } from "../nats/delivery-jobs.ts";
import { pgArray } from "../db/binary-array.ts";
import { withoutNul } from "../db/text.ts";
import { newId } from "../rules/ids.ts";
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
  /** With publishedAt (ISO 8601), the message's identity in the EVENTS stream: one redelivered is recorded once. */
  streamSequence: number;
  publishedAt: string;
}

/** An event's identity: its id is unique within its organization. */
export const eventKey = (organizationId: string, eventId: string) => `${organizationId}\u0000${eventId}`;

export interface StoredBatch {
  /**
   * Deliveries planned but not written: the new events' (one per routed endpoint), and those
   * a repeated event still owes. No one has attempted them under these ids; each row is
   * written with its first outcome (see recordAttempts) or by writePendingDeliveries.
   */
  planned: DeliveryJob[];
  /** Unfinished deliveries of events stored before, whose jobs may have been lost (see below). */
  resumed: DeliveryJob[];
}

/**
 * Makes one batch of ingest durable in a single statement (so a single round trip, and
 * atomic without BEGIN/COMMIT): rejected messages (once per EVENTS message, however often
 * it is redelivered), and events (once per organization + id) with the endpoints each is
 * routed to. Delivery rows are not written here: a delivery whose first attempt settles at
 * once is written once, in its final state, instead of inserted as PENDING and updated a
 * moment later (a third of Postgres's work per delivery).
 *
 * An event seen again (redelivered after a crash before its ack) may owe deliveries: ones
 * never written (the worker died before their outcome was recorded), ones never attempted,
 * and ones attempted so recently that their retry job, if it was published, is still inside
 * JetStream's duplicate window, so the re-publish is a no-op. The first are planned again,
 * the others resumed as jobs.
 */
export async function storeIngestBatch(pool: pg.Pool, events: AcceptedEvent[], rejections: Rejection[]): Promise<StoredBatch> {
  const byKey = new Map(events.map((e) => [eventKey(e.organizationId, e.id), e]));
  const unique = [...byKey.values()];
  const { rows: stored } = await pool.query<{ organization_id: string; id: string }>({
    // Named: parsed and planned once per connection, not once per batch.
    name: "herald-ingest-batch",
    text: `WITH rej AS (
       INSERT INTO rejected_messages (id, organization_id, subject, reason, excerpt, size, stream_sequence, published_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::int[], $13::text[]::int8[], $14::text[]::timestamptz[])
       ON CONFLICT (stream_sequence, published_at) DO NOTHING
     )
     INSERT INTO events (organization_id, id, type, timestamp, payload, endpoint_ids)
     SELECT v.org, v.id, v.type, v.ts, v.payload, string_to_array(v.endpoints, ' ')
       FROM unnest($7::text[], $8::text[], $9::text[], $10::text[]::timestamptz[], $11::bytea[], $12::text[])
         AS v(org, id, type, ts, payload, endpoints)
     ON CONFLICT (organization_id, id) DO NOTHING
     RETURNING organization_id, id`,
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
      // Endpoint ids are prefixed ULIDs (no spaces): one text per event instead of a 2-D array.
      pgArray.text(unique.map((e) => e.endpointIds.join(" "))),
      pgArray.text(rejections.map((r) => String(r.streamSequence))),
      pgArray.text(rejections.map((r) => r.publishedAt)),
    ],
  });
  const fresh = new Set(stored.map((r) => eventKey(r.organization_id, r.id)));
  const plan = (e: { organizationId: string; id: string; type: string; payload: Uint8Array }, endpointId: string): DeliveryJob => {
    // The initial run's id is the delivery id: a re-published initial job dedupes on it.
    const id = newId("dlv");
    return { deliveryId: id, organizationId: e.organizationId, endpointId, eventId: e.id, eventType: e.type, runId: id, body: e.payload };
  };
  const planned: DeliveryJob[] = [];
  for (const e of unique) {
    if (fresh.has(eventKey(e.organizationId, e.id))) for (const endpointId of e.endpointIds) planned.push(plan(e, endpointId));
  }
  const repeats = unique.filter((e) => !fresh.has(eventKey(e.organizationId, e.id)));
  const resumed: DeliveryJob[] = [];
  if (repeats.length > 0) {
    // Each endpoint each repeated event was routed to, with its delivery if one was written.
    // Half the window: a margin for the time between recording an attempt and publishing its job.
    const { rows: owed } = await pool.query<{
      organization_id: string;
      event_id: string;
      type: string;
      payload: Buffer;
      endpoint_id: string;
      id: string | null;
      run_id: string;
      unsent: boolean;
      next_attempt_at: Date | null;
    }>(
      `SELECT e.organization_id, e.id AS event_id, e.type, e.payload, o.endpoint_id, d.id, d.run_id, d.next_attempt_at,
              (d.status = 'PENDING' AND d.run_trigger = 'INITIAL'
                AND (d.attempt_count = 0 OR d.last_attempt_at > now() - make_interval(secs => $3::float8))) AS unsent
         FROM events e
         JOIN unnest($1::text[], $2::text[]) AS v(org, event) ON v.org = e.organization_id AND v.event = e.id
         -- Events stored before endpoint_ids existed name their endpoints through their deliveries.
         CROSS JOIN LATERAL (SELECT unnest(e.endpoint_ids)
                             UNION SELECT w.endpoint_id FROM deliveries w WHERE w.event_id = e.id AND w.organization_id = e.organization_id) AS o(endpoint_id)
         LEFT JOIN deliveries d ON d.event_id = e.id AND d.endpoint_id = o.endpoint_id AND d.organization_id = e.organization_id`,
      [pgArray.text(repeats.map((e) => e.organizationId)), pgArray.text(repeats.map((e) => e.id)), DUPLICATE_WINDOW_MS / 2_000],
    );
    for (const o of owed) {
      const event = { organizationId: o.organization_id, id: o.event_id, type: o.type, payload: o.payload };
      if (o.id === null) planned.push(plan(event, o.endpoint_id));
      else if (o.unsent) {
        resumed.push({
          deliveryId: o.id,
          organizationId: o.organization_id,
          endpointId: o.endpoint_id,
          eventId: o.event_id,
          eventType: o.type,
          runId: o.run_id,
          body: o.payload,
          ...(o.next_attempt_at ? { notBefore: o.next_attempt_at.getTime() } : {}),
        });
      }
    }
  }
  return { planned, resumed };
}

/**
 * Whether a failed statement was refused for the values of a row in it (SQLSTATE classes 22
 * data exception, 23 integrity violation, 54 program limit), rather than for a reason that
 * fails any statement (the server away, a connection lost).
 */
export function isRowError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23|54)/.test(code);
}

export interface IsolatedBatch extends StoredBatch {
  /** Events (by eventKey) Postgres refused for their own values, with the reason: to be rejected. */
  refused: Map<string, string>;
}

/**
 * storeIngestBatch, except that an event Postgres refuses for its own values (a timestamp it
 * cannot hold, say) does not keep the others out: the batch is then stored again an event at
 * a time, and each such event is returned as refused. Any other failure is the batch's.
 */
export async function storeIsolatingRows(pool: pg.Pool, events: AcceptedEvent[], rejections: Rejection[]): Promise<IsolatedBatch> {
  try {
    return { ...(await storeIngestBatch(pool, events, rejections)), refused: new Map() };
  } catch (err) {
    if (!isRowError(err) || events.length === 0) throw err;
  }
  const out: IsolatedBatch = { planned: [], resumed: [], refused: new Map() };
  await storeIngestBatch(pool, [], rejections);
  // One per key, as in a batch: storing a repeat alone would plan its deliveries twice.
  const unique = new Map(events.map((e) => [eventKey(e.organizationId, e.id), e]));
  for (const [key, event] of unique) {
    try {
      const stored = await storeIngestBatch(pool, [event], []);
      out.planned.push(...stored.planned);
      out.resumed.push(...stored.resumed);
    } catch (err) {
      if (!isRowError(err)) throw err;
      out.refused.set(key, `event could not be stored: ${(err as Error).message}`);
    }
  }
  return out;
}

/**
 * Writes planned deliveries as PENDING, before their job is handed to JetStream or while a
 * long first attempt runs (so the log shows them). A row already there is left as it is;
 * the result lists the rows this call wrote.
 */
export async function writePendingDeliveries(pool: pg.Pool, jobs: DeliveryJob[]): Promise<{ id: string; created_at: Date }[]> {
  const { rows } = await pool.query<{ id: string; created_at: Date }>({
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
  return rows;
}
