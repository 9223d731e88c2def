import type { PrismaClient } from "../db/client.ts";
import { hashToken, isApiKeyShaped } from "../rules/api-tokens.ts";
import { findApiKeyByHash } from "../store/api-keys.ts";

// Transport authenticates through this module; the token rules and the revocation sweep live
// with the rules and the table they read.
export { bearerToken, isAdminToken } from "../rules/api-tokens.ts";
export { revokedApiKeyIds } from "../store/api-keys.ts";

export interface Principal {
  organizationId: string;
  apiKeyId: string;
}

export async function authenticateApiKey(prisma: PrismaClient, token: string): Promise<Principal | null> {
  if (!isApiKeyShaped(token)) return null;
  const key = await findApiKeyByHash(prisma, hashToken(token));
  if (!key || key.revokedAt) return null;
  return { organizationId: key.organizationId, apiKeyId: key.id };
}
