import { z } from "zod";
import type { Services } from "../app/services.ts";
import { newId } from "../rules/ids.ts";
import { announceApiKeyRevoked } from "../nats/api-key-revocations.ts";
import { createApiKey as insertApiKey, generateToken, hashToken } from "./api-keys.ts";
import { parseInput } from "./parse-input.ts";

const name = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

/** A new tenant and its first API key; the returned token is the only copy of the plaintext. */
export async function createOrganization(services: Services, input: { name: string }) {
  const orgName = parseInput(name, input.name, ["input", "name"]);
  const token = generateToken();
  const organization = await services.db.prisma.organization.create({
    data: {
      id: newId("org"),
      name: orgName,
      // Created in the same statement so an organization never exists without a way in.
      apiKeys: { create: { id: newId("key"), name: "default", prefix: token.slice(0, 10), hash: hashToken(token) } },
    },
    include: { apiKeys: true },
  });
  const { apiKeys, ...org } = organization;
  return { organization: org, apiKey: apiKeys[0]!, token };
}

export async function createApiKey(services: Services, organizationId: string, input: { name?: string | null }) {
  const keyName = input.name == null ? null : parseInput(name, input.name, ["input", "name"]);
  return insertApiKey(services.db.prisma, organizationId, keyName);
}

/**
 * Authentication reads the key on every request, so a revoked key fails from the next call on;
 * WebSocket connections authenticated once, so every api process is told to close theirs.
 * Revoking twice keeps the first revocation time. Null when the key is not this organization's.
 */
export async function revokeApiKey(services: Services, organizationId: string, apiKeyId: string) {
  const prisma = services.db.prisma;
  await prisma.apiKey.updateMany({ where: { id: apiKeyId, organizationId, revokedAt: null }, data: { revokedAt: new Date() } });
  const key = await prisma.apiKey.findFirst({ where: { id: apiKeyId, organizationId } });
  // Also on a repeated revocation: it sweeps again any connection an earlier announcement missed.
  if (key) announceApiKeyRevoked(services, key.id);
  return key;
}
