import type { ApiKey, Prisma } from "../db/client.ts";

/** What is stored of a key: its display prefix and the hash of its token, never the token. */
export interface ApiKeyRow {
  id: string;
  name: string | null;
  prefix: string;
  hash: string;
}

export function insertApiKey(db: Prisma.TransactionClient, organizationId: string, row: ApiKeyRow): Promise<ApiKey> {
  return db.apiKey.create({ data: { ...row, organizationId } });
}

export function findApiKeyByHash(db: Prisma.TransactionClient, hash: string): Promise<Pick<ApiKey, "id" | "organizationId" | "revokedAt"> | null> {
  return db.apiKey.findUnique({ where: { hash }, select: { id: true, organizationId: true, revokedAt: true } });
}

/** Of these keys, the ones revoked since. */
export async function revokedApiKeyIds(db: Prisma.TransactionClient, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const revoked = await db.apiKey.findMany({ where: { id: { in: ids }, revokedAt: { not: null } }, select: { id: true } });
  return revoked.map((k) => k.id);
}

/**
 * Marks the organization's key revoked, keeping the first revocation time, and reads it back.
 * Null when the key is not this organization's.
 */
export async function markApiKeyRevoked(db: Prisma.TransactionClient, organizationId: string, apiKeyId: string): Promise<ApiKey | null> {
  await db.apiKey.updateMany({ where: { id: apiKeyId, organizationId, revokedAt: null }, data: { revokedAt: new Date() } });
  return db.apiKey.findFirst({ where: { id: apiKeyId, organizationId } });
}
