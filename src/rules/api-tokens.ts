import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const TOKEN_PREFIX = "sk_";
const MAX_TOKEN_LENGTH = 200;
/** Characters of the token kept in plaintext so an operator can tell keys apart. */
const SHOWN_PREFIX_LENGTH = 10;

// Tokens carry 256 bits of randomness, so a fast hash is as safe as a slow one and keeps
// authentication to one indexed lookup.
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** The part of a token stored and shown in plaintext. */
export function tokenPrefix(token: string): string {
  return token.slice(0, SHOWN_PREFIX_LENGTH);
}

/** Whether `token` could be an API key at all; anything else is refused without a lookup. */
export function isApiKeyShaped(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX) && token.length <= MAX_TOKEN_LENGTH;
}

export function isAdminToken(token: string, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  const a = createHash("sha256").update(token).digest();
  const b = createHash("sha256").update(adminToken).digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m?.[1];
}
