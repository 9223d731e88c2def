import type pg from "pg";
import { type ApiKey, type Organization, Prisma } from "../db/client.ts";
import { isWellFormedId } from "../rules/ids.ts";
import type { EnvelopeMapping } from "../rules/envelope-mapping.ts";
import type { RetryPolicy } from "../rules/retry-policy.ts";
import type { WireFormat } from "../rules/wire-format.ts";
import type { ApiKeyRow } from "./api-keys.ts";

/** Inserts the organization and its first key in one statement, so an organization never exists without a way in. */
export async function insertOrganization(
  db: Prisma.TransactionClient,
  row: { id: string; name: string },
  firstKey: ApiKeyRow,
): Promise<{ organization: Organization; apiKey: ApiKey }> {
  const { apiKeys, ...organization } = await db.organization.create({
    data: { ...row, apiKeys: { create: firstKey } },
    include: { apiKeys: true },
  });
  return { organization, apiKey: apiKeys[0]! };
}

/** Which of `ids` are organizations. */
export async function existingOrganizationIds(pool: pg.Pool, ids: string[]): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM organizations WHERE id = ANY($1)`, [ids]);
  return rows.map((r) => r.id);
}

/**
 * The origins allowed to frame the organization's console, for its
 * `Content-Security-Policy: frame-ancestors`; null when there is no such organization
 * (or `organizationId`, which comes from a URL, could name none).
 */
export async function frameAncestorsOf(pool: pg.Pool, organizationId: string): Promise<string[] | null> {
  if (!isWellFormedId(organizationId)) return null;
  const { rows } = await pool.query<{ frameAncestors: string[] }>(`SELECT frame_ancestors AS "frameAncestors" FROM organizations WHERE id = $1`, [
    organizationId,
  ]);
  return rows[0]?.frameAncestors ?? null;
}

/** The defaults an organization's endpoints inherit, as stored (null: Herald's own). */
export interface OrganizationDefaults {
  wireFormat: WireFormat | null;
  envelope: EnvelopeMapping | null;
  retryPolicy: RetryPolicy | null;
}

/**
 * Reads the organization's defaults under a row lock held until the caller's transaction
 * ends. `share`: endpoint changes that depend on the default wire format (an imported secret
 * signs only with HMAC_HEADERS) take it together; `update`: a change of the defaults waits
 * for them and they for it. Null when the organization does not exist.
 */
export async function lockOrganizationDefaults(
  tx: Prisma.TransactionClient,
  organizationId: string,
  mode: "share" | "update",
): Promise<OrganizationDefaults | null> {
  const lock = mode === "share" ? Prisma.sql`FOR SHARE` : Prisma.sql`FOR NO KEY UPDATE`;
  const [row] = await tx.$queryRaw<OrganizationDefaults[]>`
    SELECT wire_format AS "wireFormat", envelope, retry_policy AS "retryPolicy"
      FROM organizations WHERE id = ${organizationId} ${lock}`;
  return row ?? null;
}

/** Writes the organization's settings under the caller's `lockOrganizationDefaults(…, "update")`. */
export function updateLockedOrganization(tx: Prisma.TransactionClient, organizationId: string, data: Prisma.OrganizationUpdateInput): Promise<Organization> {
  return tx.organization.update({ where: { id: organizationId }, data });
}

/** An organization's retention settings as stored (null: the service default). */
export interface OrganizationRetention {
  id: string;
  attemptRetentionDays: number | null;
  payloadRetentionDays: number | null;
  payloadsExpiredBefore: Date | null;
}

/** Every organization's retention settings, for the retention job. */
export async function listRetention(pool: pg.Pool): Promise<OrganizationRetention[]> {
  const { rows } = await pool.query<OrganizationRetention>(
    `SELECT id, attempt_retention_days AS "attemptRetentionDays", payload_retention_days AS "payloadRetentionDays",
            payloads_expired_before AS "payloadsExpiredBefore"
       FROM organizations ORDER BY id`,
  );
  return rows;
}

/** Records that every event of the organization stored before `before` has had its payload expired; the mark never moves back. */
export async function markPayloadsExpiredBefore(pool: pg.Pool, organizationId: string, before: Date): Promise<void> {
  await pool.query(
    `UPDATE organizations SET payloads_expired_before = GREATEST(payloads_expired_before, $2::timestamptz)
      WHERE id = $1 AND payloads_expired_before IS DISTINCT FROM GREATEST(payloads_expired_before, $2::timestamptz)`,
    [organizationId, before],
  );
}
