import type { PrismaClient } from "../db/client.ts";
import { hashToken, isApiKeyShaped } from "../rules/api-tokens.ts";
import { findApiKeyByHash } from "../store/api-keys.ts";
import { authenticatePortalToken, type PortalGrant } from "./portal-sessions.ts";

// Transport authenticates through this module; the token rules and the revocation sweep live
// with the rules and the table they read.
export { bearerToken, isAdminToken } from "../rules/api-tokens.ts";
export { revokedApiKeyIds } from "../store/api-keys.ts";
export type { PortalGrant } from "./portal-sessions.ts";

/**
 * A caller of one organization: an API key, or a portal session (a console link, which may
 * be read-only and may never manage credentials or the organization).
 */
export type Principal =
  | { organizationId: string; apiKeyId: string; portal?: undefined }
  | { organizationId: string; apiKeyId?: undefined; portal: PortalGrant };

export async function authenticateApiKey(prisma: PrismaClient, token: string): Promise<Principal | null> {
  if (!isApiKeyShaped(token)) return null;
  const key = await findApiKeyByHash(prisma, hashToken(token));
  if (!key || key.revokedAt) return null;
  return { organizationId: key.organizationId, apiKeyId: key.id };
}

/** The organization credential `token` is (an API key or an unexpired portal session), or null. */
export async function authenticate(prisma: PrismaClient, token: string): Promise<Principal | null> {
  const portal = await authenticatePortalToken(prisma, token);
  if (portal) return { organizationId: portal.organizationId, portal: portal.grant };
  return authenticateApiKey(prisma, token);
}
