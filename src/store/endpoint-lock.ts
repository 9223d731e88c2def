import type { EndpointStatus, Prisma } from "../db/client.ts";

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
