import type { Endpoint, EndpointStatus, Prisma } from "../db/client.ts";
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
export async function softDeleteEndpoint(tx: Prisma.TransactionClient, organizationId: string, endpointId: string): Promise<Endpoint | null> {
  const deleted = await tx.endpoint.updateManyAndReturn({
    where: { id: endpointId, organizationId, deletedAt: null },
    data: { deletedAt: new Date() },
  });
  return deleted[0] ?? null;
}

/**
 * Takes the row lock that serialises changes to one endpoint (its settings, status and
 * secrets) until the caller's transaction ends, and reads its status under it. Null when the
 * endpoint is gone, also when it was deleted while this waited for the lock.
 */
export async function lockEndpoint(tx: Prisma.TransactionClient, organizationId: string, endpointId: string): Promise<{ status: EndpointStatus } | null> {
  const [row] = await tx.$queryRaw<{ status: EndpointStatus }[]>`
    SELECT status::text AS status FROM endpoints
    WHERE id = ${endpointId} AND organization_id = ${organizationId} AND deleted_at IS NULL
    FOR UPDATE`;
  return row ?? null;
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

/** CTE `off`: disables the given endpoints that have failed for `hours`, returning their ids. */
export function disableFailingEndpointsCte(p: { ids: string; now: string; hours: string; reason: string }): string {
  return `off AS (
       UPDATE endpoints
          SET status = 'DISABLED', disabled_at = ${p.now}, updated_at = ${p.now}, disabled_reason = ${p.reason}
        WHERE id = ANY(${p.ids}) AND status = 'ENABLED' AND failing_since <= ${p.now}::timestamptz - make_interval(secs => ${p.hours}::float8 * 3600)
        RETURNING id
     )`;
}
