import { createHash, randomBytes } from "node:crypto";

// A portal token is a credential like an API key (rules/api-tokens.ts: 256 random bits, so a
// fast hash is as safe as a slow one) with a prefix of its own, so a token is looked up in
// the one table that can hold it.
const PORTAL_TOKEN_PREFIX = "hps_";
const PORTAL_TOKEN_LENGTH = PORTAL_TOKEN_PREFIX.length + 43;

/** Bounds of createPortalSession's expiresInSeconds: a minute to a day, an hour unless asked. */
export const PORTAL_SESSION_SECONDS = { min: 60, max: 86_400, default: 3_600 } as const;

export function generatePortalToken(): string {
  return `${PORTAL_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** Whether `token` could be a portal token at all; anything else is refused without a lookup. */
export function isPortalTokenShaped(token: string): boolean {
  return token.startsWith(PORTAL_TOKEN_PREFIX) && token.length === PORTAL_TOKEN_LENGTH;
}

/** The SHA-256 of the token, as the 32 bytes portal_sessions.token_hash stores. */
export function portalTokenHash(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

export function portalSessionSecondsProblem(seconds: number): string | null {
  const { min, max } = PORTAL_SESSION_SECONDS;
  return Number.isInteger(seconds) && seconds >= min && seconds <= max ? null : `must be a whole number of seconds from ${min} to ${max}`;
}

/**
 * Where the console opens the session: `organization` lets the console's server pick that
 * organization's frame-ancestors before any script runs; the token stays in the fragment,
 * which browsers never send to a server (nor in a Referer).
 */
export function portalUrl(publicOrigin: string, organizationId: string, token: string): string {
  return `${publicOrigin}/console?organization=${encodeURIComponent(organizationId)}#portal=${token}`;
}
