import type pg from "pg";
import type { Event, PrismaClient } from "../db/client.ts";
import { pgArray } from "../db/binary-array.ts";
import type { DeliveryJob } from "../nats/delivery-jobs.ts";
import { newId } from "../rules/ids.ts";
import { DEFAULT_ENDPOINT_MAX_HELD } from "../config/env.ts";
import {
  bornLined,
  type DeliveryRow,
  HELD_SEND_TO,
  heldDeliveriesCtes,
  heldDeliveriesValues,
  linedDeliveries,
  linedDeliveriesCte,
  linedDeliveriesValues,
  type OwedDelivery,
  owedDeliveries,
} from "./deliveries.ts";
import { type Rejection, rejectedMessagesCte, rejectedMessagesValues } from "./rejected-messages.ts";

export interface AcceptedEvent {
  organizationId: string;
  id: string;
  type: string;
  timestamp: string;
  payload: Buffer;
  endpointIds: string[];
  /** Disabled endpoints the event matches: held for them (HELD deliveries) instead. */
  heldEndpointIds?: readonly string[];
  /** Its message's place in the EVENTS stream: held deliveries' ids sort in publish order by it. */
  published?: { sequence: number; atMs: number } | undefined;
  /** The ordering lines it joins (endpoint and key), among endpointIds: those deliveries wait their turn instead of going at once. */
  lines: readonly { endpointId: string; key: string }[];
  /** The same among heldEndpointIds. */
  heldLines?: readonly { endpointId: string; key: string }[];
  /** Its message's EVENTS stream sequence: its place in each line it joins. */
  streamSequence: number;
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
  /** Deliveries born WAITING in their ordering line (written with their event), to announce. */
  lined: DeliveryRow[];
}

/**
 * Rejected messages, new events, what they hold for disabled endpoints and their ordered
 * deliveries in one statement ($1–$6 the events', $7–$14 the rejections', $15–$22 the held
 * deliveries', $23–$29 the ordered ones'); returns the events it inserted (delivery_id null)
 * and the deliveries born in their ordering line.
 */
const INGEST_BATCH = `WITH ${rejectedMessagesCte(7)}, ${heldDeliveriesCtes(15)}, ev AS (
       INSERT INTO events (organization_id, id, type, timestamp, payload, endpoint_ids)
       SELECT v.org, v.id, v.type, v.ts, v.payload, string_to_array(v.endpoints, ' ')
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]::timestamptz[], $5::bytea[], $6::text[])
           AS v(org, id, type, ts, payload, endpoints)
       ON CONFLICT (organization_id, id) DO NOTHING
       RETURNING organization_id, id, ${HELD_SEND_TO}
     ), ${linedDeliveriesCte({ events: "ev", first: 23 })}
     SELECT organization_id, id, send_to, NULL AS delivery_id, NULL::timestamptz AS created_at FROM ev
     UNION ALL SELECT organization_id, event_id, NULL, id, created_at FROM lined`;

/**
 * Makes one batch of ingest durable in a single statement (so a single round trip, and
 * atomic without BEGIN/COMMIT): rejected messages (once per EVENTS message, however often
 * it is redelivered), and events (once per organization + id) with the endpoints each is
 * routed to, and a HELD delivery for each disabled endpoint it matches (heldDeliveriesCtes:
 * within `maxHeld` per endpoint, once however often the event comes; one enabled meanwhile is
 * planned like a routed one). Other delivery rows are not written here: a delivery whose
 * first attempt settles at once is written once, in its final state, instead of inserted as
 * PENDING and updated a moment later (a third of Postgres's work per delivery).
 *
 * An event seen again (redelivered after a crash before its ack) may owe deliveries: ones
 * never written (the worker died before their outcome was recorded), ones never attempted,
 * and ones attempted so recently that their retry job, if it was published, is still inside
 * JetStream's duplicate window, so the re-publish is a no-op. The first are planned again,
 * the others resumed as jobs.
 */
export async function storeIngestBatch(
  pool: pg.Pool,
  events: AcceptedEvent[],
  rejections: Rejection[],
  maxHeld = DEFAULT_ENDPOINT_MAX_HELD,
): Promise<StoredBatch> {
  const unique = [...new Map(events.map((e) => [eventKey(e.organizationId, e.id), e])).values()];
  const { fresh, lined } = await insertBatch(pool, unique, rejections, maxHeld);
  const planned: DeliveryJob[] = [];
  for (const e of unique) {
    const sendTo = fresh.get(eventKey(e.organizationId, e.id));
    if (sendTo === undefined) continue;
    for (const endpointId of e.endpointIds) if (!e.lines.some((l) => l.endpointId === endpointId)) planned.push(planDelivery(e, endpointId));
    for (const endpointId of sendTo ?? []) planned.push(planDelivery(e, endpointId));
  }
  const repeats = unique.filter((e) => !fresh.has(eventKey(e.organizationId, e.id)));
  const resumed: DeliveryJob[] = [];
  if (repeats.length > 0) for (const owed of await owedDeliveries(pool, repeats)) settleOwed(owed, planned, resumed);
  return { planned, resumed, lined };
}

/**
 * Runs the batch statement; returns the keys of the events it inserted (the others were stored
 * before), each with the endpoints it was to be held for that were enabled meanwhile (null: none),
 * and the deliveries born in their ordering line.
 */
async function insertBatch(
  pool: pg.Pool,
  events: AcceptedEvent[],
  rejections: Rejection[],
  maxHeld: number,
): Promise<{ fresh: Map<string, string[] | null>; lined: DeliveryRow[] }> {
  const lined = linedDeliveries(events);
  const { rows } = await pool.query<{ organization_id: string; id: string; send_to: string[] | null; delivery_id: string | null; created_at: Date | null }>({
    // Named: parsed and planned once per connection, not once per batch.
    name: "herald-ingest-batch",
    text: INGEST_BATCH,
    values: [
      pgArray.text(events.map((e) => e.organizationId)),
      pgArray.text(events.map((e) => e.id)),
      pgArray.text(events.map((e) => e.type)),
      pgArray.text(events.map((e) => e.timestamp)),
      pgArray.bytea(events.map((e) => e.payload)),
      // Endpoint ids are prefixed ULIDs (no spaces): one text per event instead of a 2-D array.
      pgArray.text(events.map((e) => e.endpointIds.join(" "))),
      ...rejectedMessagesValues(rejections),
      ...heldDeliveriesValues(events, maxHeld),
      ...linedDeliveriesValues(lined),
    ],
  });
  const fresh = new Map<string, string[] | null>();
  for (const r of rows) if (r.delivery_id === null) fresh.set(eventKey(r.organization_id, r.id), r.send_to);
  return { fresh, lined: bornLined(lined, rows) };
}

function planDelivery(e: { organizationId: string; id: string; type: string; payload: Uint8Array }, endpointId: string): DeliveryJob {
  // The initial run's id is the delivery id: a re-published initial job dedupes on it.
  const id = newId("dlv");
  return { deliveryId: id, organizationId: e.organizationId, endpointId, eventId: e.id, eventType: e.type, runId: id, body: e.payload };
}

/** A delivery a repeated event owes: planned again if never written, resumed if its job may have been lost. */
function settleOwed(o: OwedDelivery, planned: DeliveryJob[], resumed: DeliveryJob[]): void {
  if (o.id === null) {
    planned.push(planDelivery({ organizationId: o.organization_id, id: o.event_id, type: o.type, payload: o.payload }, o.endpoint_id));
  } else if (o.unsent) {
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
export async function storeIsolatingRows(
  pool: pg.Pool,
  events: AcceptedEvent[],
  rejections: Rejection[],
  maxHeld = DEFAULT_ENDPOINT_MAX_HELD,
): Promise<IsolatedBatch> {
  try {
    return { ...(await storeIngestBatch(pool, events, rejections, maxHeld)), refused: new Map() };
  } catch (err) {
    if (!isRowError(err) || events.length === 0) throw err;
  }
  const out: IsolatedBatch = { planned: [], resumed: [], lined: [], refused: new Map() };
  await storeIngestBatch(pool, [], rejections);
  // One per key, as in a batch: storing a repeat alone would plan its deliveries twice.
  const unique = new Map(events.map((e) => [eventKey(e.organizationId, e.id), e]));
  for (const [key, event] of unique) {
    try {
      const stored = await storeIngestBatch(pool, [event], [], maxHeld);
      out.planned.push(...stored.planned);
      out.resumed.push(...stored.resumed);
      out.lined.push(...stored.lined);
    } catch (err) {
      if (!isRowError(err)) throw err;
      out.refused.set(key, `event could not be stored: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The insert of one event (a test event), for a transaction that also writes its delivery (see insertTestDelivery). */
export function createEvent(prisma: PrismaClient, event: { organizationId: string; id: string; type: string; timestamp: Date; payload: Uint8Array }) {
  return prisma.event.create({ data: { ...event, payload: new Uint8Array(event.payload) } });
}

/** The stored event, or null while ingest has not written it. */
export function findEvent(prisma: Pick<PrismaClient, "event">, organizationId: string, id: string): Promise<Event | null> {
  return prisma.event.findUnique({ where: { organizationId_id: { organizationId, id } } });
}

/**
 * Empties the payload of up to `limit` of the organization's events stored in [from, before)
 * and marks them expired (the rows stay: deliveries and the API still name them), oldest
 * first through the (organization_id, created_at) index. Returns how many, and the storage
 * time of the newest: the next batch starts there.
 */
export async function expirePayloadsBefore(
  pool: pg.Pool,
  organizationId: string,
  range: { from: Date; before: Date },
  limit: number,
): Promise<{ expired: number; reached: Date | null }> {
  // `= ANY(ARRAY(…))` makes the update a primary-key lookup per id; a join with the batch may be
  // planned as a hash join over a sequential scan of the organization's events.
  const { rows } = await pool.query<{ expired: number; reached: Date | null }>(
    `WITH done AS (
       UPDATE events SET payload = ''::bytea, payload_expired_at = now()
        WHERE organization_id = $1 AND id = ANY(ARRAY(
          SELECT id FROM events
           WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3 AND payload_expired_at IS NULL
           ORDER BY organization_id, created_at LIMIT $4))
       RETURNING created_at)
     SELECT count(*)::int AS expired, max(created_at) AS reached FROM done`,
    [organizationId, range.from, range.before, limit],
  );
  return rows[0] ?? { expired: 0, reached: null };
}
