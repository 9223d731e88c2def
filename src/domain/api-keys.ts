import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "../db/client.ts";
import { newId } from "../rules/ids.ts";

// Tokens carry 256 bits of randomness, so a fast hash is as safe as a slow one and keeps
// authentication to one indexed lookup.
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function generateToken(): string {
  return `sk_${randomBytes(32).toString("base64url")}`;
}

export interface Principal {
  organizationId: string;
  apiKeyId: string;
}

export async function authenticateApiKey(prisma: PrismaClient, token: string): Promise<Principal | null> {
  if (!token.startsWith("sk_") || token.length > 200) return null;
  const key = await prisma.apiKey.findUnique({
    where: { hash: hashToken(token) },
    select: { id: true, organizationId: true, revokedAt: true },
  });
  if (!key || key.revokedAt) return null;
  return { organizationId: key.organizationId, apiKeyId: key.id };
}

/** Of these keys, the ones revoked since. */
export async function revokedApiKeyIds(prisma: PrismaClient, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const revoked = await prisma.apiKey.findMany({ where: { id: { in: ids }, revokedAt: { not: null } }, select: { id: true } });
  return revoked.map((k) => k.id);
}

export function isAdminToken(token: string, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  const a = createHash("sha256").update(token).digest();
  const b = createHash("sha256").update(adminToken).digest();
  return timingSafeEqual(a, b);
}

/** Creates a key and returns its token: the only time the plaintext exists. */
export async function createApiKey(prisma: PrismaClient, organizationId: string, name?: string | null) {
  const token = generateToken();
  const apiKey = await prisma.apiKey.create({
    data: { id: newId("key"), organizationId, name: name ?? null, prefix: token.slice(0, 10), hash: hashToken(token) },
  });
  return { apiKey, token };
}

export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m?.[1];
}
