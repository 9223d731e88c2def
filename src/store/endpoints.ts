import type pg from "pg";
import { type Endpoint, type EndpointStatus, Prisma, type SecretKind, type SignatureScheme } from "../db/client.ts";
import type { EnvelopeMapping } from "../rules/envelope-mapping.ts";
import type { RetryPolicy } from "../rules/retry-policy.ts";
import { MAX_VALID_SECRETS } from "../rules/secret-rotation.ts";
import type { WireFormat } from "../rules/wire-format.ts";
import type { SecretRow } from "./endpoint-secrets.ts";

/** The columns a caller sets on a new endpoint; the rest take their defaults. */
export type NewEndpointRow = Omit<Prisma.EndpointUncheckedCreateInput, "secrets" | "deliveries">;

/** The organization's endpoint unless it is deleted. */
export function findActiveEndpoint(db: Prisma.TransactionClient, organizationId: string, endpointId: string): Promise<Endpoint | null> {
  return db.endpoint.findFirst({ where: { id: endpointId, organizationId, deletedAt: null } });
}

/** Inserts the endpoint with its first signing secret in one statement. */
export function insertEndpoint(db: Prisma.TransactionClient, row: NewEndpointRow, secret: SecretRow): Promise<Endpoint> {
  return db.endpoint.create({ data: { ...row, secrets: { create: secret } } });
}

/** Null when the endpoint does not exist, is deleted, or belongs to another organization. */
export async function updateActiveEndpoint(
  db: Prisma.TransactionClient,
  organizationId: string,
  endpointId: string,
  data: Prisma.EndpointUpdateInput,
): Promise<Endpoint | null> {
  const updated = await db.endpoint.updateManyAndReturn({ where: { id: endpointId, organizationId, deletedAt: null }, data });
  return updated[0] ?? null;
}

/** Updates an endpoint the caller's transaction has locked with `lockEndpoint`. */
export function updateLockedEndpoint(tx: Prisma.TransactionClient, endpointId: string, data: Prisma.EndpointUpdateInput): Promise<Endpoint> {
  return tx.endpoint.update({ where: { id: endpointId }, data });
}

/** Soft delete: the row stays so the delivery log stays readable. Null when already deleted or not this organization's. */
export function softDeleteEndpoint(tx: Prisma.TransactionClient, organizationId: string, endpointId: string): Promise<Endpoint | null> {
  return updateActiveEndpoint(tx, organizationId, endpointId, { deletedAt: new Date() });
}

/** An endpoint's state as `lockEndpoint` reads it. */
export interface LockedEndpoint {
  status: EndpointStatus;
  /** Its own wire format; null when it inherits the organization's. */
  wireFormat: WireFormat | null;
  signatureScheme: SignatureScheme;
}

/**
 * Takes the row lock that serialises changes to one endpoint (its settings, status and
 * secrets) until the caller's transaction ends, and reads its state under it. Null when the
 * endpoint is gone, also when it was deleted while this waited for the lock.
 */
export async function lockEndpoint(tx: Prisma.TransactionClient, organizationId: string, endpointId: string): Promise<LockedEndpoint | null> {
  const [row] = await tx.$queryRaw<LockedEndpoint[]>`
    SELECT status::text AS status, wire_format AS "wireFormat", signature_scheme::text AS "signatureScheme" FROM endpoints
    WHERE id = ${endpointId} AND organization_id = ${organizationId} AND deleted_at IS NULL
    FOR UPDATE`;
  return row ?? null;
}

/** Up to `limit` undeleted endpoints of the organization that take its default wire format (none of their own) and sign with ed25519. */
export async function inheritingEd25519Endpoints(tx: Prisma.TransactionClient, organizationId: string, limit: number): Promise<string[]> {
  const rows = await tx.endpoint.findMany({
    where: { organizationId, deletedAt: null, signatureScheme: "ED25519", wireFormat: { equals: Prisma.DbNull } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

export interface EndpointRouteRow {
  organization_id: string;
  id: string;
  /** The event type patterns the endpoint subscribes to. */
  event_types: string[];
  /** Its payload filter as stored (rules/payload-filter.ts); null: none. */
  filter: unknown;
  /** Its ordering as stored (rules/ordering.ts); null: unordered. */
  ordering: unknown;
  /** A DISABLED endpoint's events are held for it (HELD deliveries), not sent. */
  status: EndpointStatus;
}

/** The undeleted endpoints of these organizations, enabled or disabled. */
export async function endpointRoutes(pool: pg.Pool, organizationIds: string[]): Promise<EndpointRouteRow[]> {
  const { rows } = await pool.query<EndpointRouteRow>(
    `SELECT organization_id, id, event_types, filter, ordering, status::text AS status FROM endpoints
      WHERE organization_id = ANY($1) AND deleted_at IS NULL`,
    [organizationIds],
  );
  return rows;
}

/**
 * An endpoint as a worker loads it to deliver: its settings, with its contract already
 * defaulted to the organization's, and its valid secrets, still encrypted (base64), oldest first.
 */
export interface DeliveryTargetRow {
  id: string;
  organization_id: string;
  url: string;
  status: string;
  deleted_at: Date | null;
  headers: Record<string, string>;
  rate_limit_per_second: number | null;
  /** Null: Standard Webhooks. */
  wire_format: WireFormat | null;
  /** Null: the body as published. */
  envelope: EnvelopeMapping | null;
  /** Null: the service's schedule. */
  retry_policy: RetryPolicy | null;
  /** Null: the service's DELIVERY_TIMEOUT_MS / ENDPOINT_MAX_IN_FLIGHT. */
  timeout_ms: number | null;
  max_in_flight: number | null;
  /** As stored (rules/ordering.ts); null: unordered. */
  ordering: unknown;
  /** `c` the ciphertext, `k` its kind, `x` when the secret stops being valid (null: never). */
  secrets: { c: string; k: SecretKind; x: string | null }[] | null;
}

/** The endpoints among `ids` (deleted or disabled ones too) with their valid secrets, in one statement. */
export async function loadDeliveryTargets(pool: pg.Pool, ids: string[]): Promise<DeliveryTargetRow[]> {
  const { rows } = await pool.query<DeliveryTargetRow>(
    `SELECT e.id, e.organization_id, e.url, e.status, e.deleted_at, e.headers, e.rate_limit_per_second,
            COALESCE(e.wire_format, o.wire_format) AS wire_format,
            COALESCE(e.envelope, o.envelope) AS envelope,
            COALESCE(e.retry_policy, o.retry_policy) AS retry_policy,
            e.timeout_ms, e.max_in_flight, e.ordering,
            (SELECT json_agg(json_build_object('c', encode(s.ciphertext, 'base64'), 'k', s.kind, 'x', s.expires_at) ORDER BY s.created_at)
               FROM (SELECT ciphertext, kind, expires_at, created_at FROM endpoint_secrets
                      WHERE endpoint_id = e.id AND (expires_at IS NULL OR expires_at > now())
                      -- An endpoint rotated many times before the cap still signs with MAX_VALID_SECRETS only: the latest.
                      ORDER BY expires_at DESC NULLS FIRST, id DESC LIMIT $2) s) AS secrets
       FROM endpoints e JOIN organizations o ON o.id = e.organization_id
      WHERE e.id = ANY($1)`,
    [ids, MAX_VALID_SECRETS],
  );
  return rows;
}

// The outcome statement (store/deliveries.ts) writes an attempt batch and its endpoints'
// health in one round trip; these are its endpoints parts.

/** CTEs `recovered` and `failing`: an endpoint's failure streak ends with a success and starts with a failure. */
export function endpointFailureStreakCtes(p: { now: string; recovered: string; failing: string }): string {
  return `recovered AS (
       UPDATE endpoints SET failing_since = NULL WHERE id = ANY(${p.recovered}::text[]) AND failing_since IS NOT NULL
     ), failing AS (
       UPDATE endpoints SET failing_since = ${p.now} WHERE id = ANY(${p.failing}::text[]) AND failing_since IS NULL
     )`;
}

/**
 * CTE `off`: disables the endpoints among `ids` that have failed for `hours` (with `reason`),
 * and at once those whose receiver asked to stop (`stopIds`, each with its `stopReasons`
 * entry), returning their ids and the reason recorded. Their pending deliveries are about to
 * be held (store/deliveries.ts): they count toward the cap, and a new holding period starts.
 */
export function disableFailingEndpointsCte(p: { ids: string; now: string; hours: string; reason: string; stopIds: string; stopReasons: string }): string {
  return `stop AS (
       SELECT DISTINCT ON (id) id, reason FROM unnest(${p.stopIds}::text[], ${p.stopReasons}::text[]) AS s(id, reason)
     ), off AS (
       UPDATE endpoints e
          SET status = 'DISABLED', disabled_at = ${p.now}, updated_at = ${p.now}, disabled_reason = COALESCE(stop.reason, ${p.reason}),
              held_overflow = 0, held_count = e.held_count + (SELECT count(*) FROM deliveries p WHERE p.endpoint_id = e.id AND p.status = 'PENDING')
         FROM (SELECT id FROM unnest(${p.ids}::text[]) AS f(id) UNION SELECT id FROM stop) AS c
         LEFT JOIN stop ON stop.id = c.id
        WHERE e.id = c.id AND e.status = 'ENABLED'
          AND (stop.id IS NOT NULL OR e.failing_since <= ${p.now}::timestamptz - make_interval(secs => ${p.hours}::float8 * 3600))
        RETURNING e.id, e.disabled_reason AS reason
     )`;
}

// Ingest's batch statement holds events for disabled endpoints (store/deliveries.ts
// heldDeliveriesCtes); these are its endpoints parts.

/**
 * CTE `held_room`: locks the undeleted endpoints events are held for, in id order, and reads
 * their status and held count under the lock. The lock orders the batch with enabling: an
 * endpoint enabled meanwhile is read ENABLED here, and its events are planned instead.
 */
export function heldRoomCte(pairs: string): string {
  return `held_room AS (
       SELECT id, status, held_count FROM endpoints
        WHERE id IN (SELECT endpoint FROM ${pairs}) AND deleted_at IS NULL
        ORDER BY id FOR UPDATE
     )`;
}

/** CTE `held_tally`: adds to each held-for endpoint the deliveries `held` inserted and the events `over` left out for want of room. */
export function heldTallyCte(p: { held: string; over: string }): string {
  return `held_tally AS (
       UPDATE endpoints e SET held_count = e.held_count + t.held, held_overflow = e.held_overflow + t.over
         FROM (SELECT r.id, (SELECT count(*) FROM ${p.held} h WHERE h.endpoint_id = r.id) AS held,
                      (SELECT count(*) FROM ${p.over} o WHERE o.endpoint = r.id) AS over
                 FROM held_room r) AS t
        WHERE e.id = t.id AND (t.held > 0 OR t.over > 0)
     )`;
}

/** The outcome of settling an endpoint's held deliveries once it is enabled (see releaseHeldDeliveries). */
export function heldOutcomeCte(p: { endpoint: string; released: string }): string {
  return `held_outcome AS (
       UPDATE endpoints SET held_released = held_released + (SELECT count(*) FROM ${p.released} WHERE outcome = 'sent'),
                            held_cancelled = held_cancelled + (SELECT count(*) FROM ${p.released} WHERE outcome = 'cancelled'),
                            held_expired = held_expired + (SELECT count(*) FROM ${p.released} WHERE outcome = 'expired')
        WHERE id = (SELECT id FROM ${p.endpoint})
     )`;
}
