import { z } from "zod";
import { announceApiKeyRevoked } from "../nats/api-key-revocations.ts";
import { generateToken, hashToken, tokenPrefix } from "../rules/api-tokens.ts";
import { newId } from "../rules/ids.ts";
import { type ApiKeyRow, insertApiKey, markApiKeyRevoked } from "../store/api-keys.ts";
import { insertOrganization } from "../store/organizations.ts";
import type { DbDeps, KeyRevocationDeps } from "./deps.ts";
import { parseInput } from "./parse-input.ts";

const name = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

/** A fresh token and the row that stores it (never the token itself). */
function newApiKey(keyName: string | null): { row: ApiKeyRow; token: string } {
  const token = generateToken();
  return { row: { id: newId("key"), name: keyName, prefix: tokenPrefix(token), hash: hashToken(token) }, token };
}

/** A new tenant and its first API key; the returned token is the only copy of the plaintext. */
export async function createOrganization(deps: DbDeps, input: { name: string }) {
  const orgName = parseInput(name, input.name, ["input", "name"]);
  const { row, token } = newApiKey("default");
  const { organization, apiKey } = await insertOrganization(deps.db.prisma, { id: newId("org"), name: orgName }, row);
  return { organization, apiKey, token };
}

/** Creates a key and returns its token: the only time the plaintext exists. */
export async function createApiKey(deps: DbDeps, organizationId: string, input: { name?: string | null }) {
  const keyName = input.name == null ? null : parseInput(name, input.name, ["input", "name"]);
  const { row, token } = newApiKey(keyName);
  return { apiKey: await insertApiKey(deps.db.prisma, organizationId, row), token };
}

/**
 * Authentication reads the key on every request, so a revoked key fails from the next call on;
 * WebSocket connections authenticated once, so every api process is told to close theirs.
 * Revoking twice keeps the first revocation time. Null when the key is not this organization's.
 */
export async function revokeApiKey(deps: DbDeps & KeyRevocationDeps, organizationId: string, apiKeyId: string) {
  const key = await markApiKeyRevoked(deps.db.prisma, organizationId, apiKeyId);
  // Also on a repeated revocation: it sweeps again any connection an earlier announcement missed.
  if (key) announceApiKeyRevoked(deps, key.id);
  return key;
}
