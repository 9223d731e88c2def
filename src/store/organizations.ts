import type pg from "pg";
import type { ApiKey, Organization, Prisma } from "../db/client.ts";
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
