import { z } from "zod";
import { announceApiKeyRevoked } from "../nats/api-key-revocations.ts";
import { generateToken, hashToken, tokenPrefix } from "../rules/api-tokens.ts";
import { newId } from "../rules/ids.ts";
import { parseFrameAncestors } from "../rules/frame-ancestors.ts";
import { retentionDaysProblem } from "../rules/retention.ts";
import { type ApiKeyRow, insertApiKey, markApiKeyRevoked } from "../store/api-keys.ts";
import { announceOrganizationChange } from "../nats/organization-changes.ts";
import { DEFAULT_WIRE_FORMAT, type WireFormat } from "../rules/wire-format.ts";
import { inheritingEndpointsWithImportedSecrets } from "../store/endpoint-secrets.ts";
import { inheritingEd25519Endpoints } from "../store/endpoints.ts";
import { insertOrganization, lockOrganizationDefaults, updateLockedOrganization } from "../store/organizations.ts";
import type { Organization, Prisma } from "../db/client.ts";
import type { DbDeps, KeyRevocationDeps, OrganizationChangeDeps } from "./deps.ts";
import { contractColumns } from "./endpoint-settings.ts";
import { InputError } from "./errors.ts";
import { parseInput } from "./parse-input.ts";
import { type ContractInput, parseContractOrThrow } from "./webhook-contract.ts";

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

export interface UpdateOrganizationInput extends Omit<ContractInput, "retrySchedule"> {
  name?: string | null;
  /** Days kept; null puts the service default back. */
  attemptRetentionDays?: number | null;
  payloadRetentionDays?: number | null;
  /** Origins that may frame the console; null empties the list. */
  frameAncestors?: string[] | null;
}

/** The retention fields of `input` that are present, checked against their bounds. */
function parseRetention(input: UpdateOrganizationInput): Pick<Prisma.OrganizationUpdateInput, "attemptRetentionDays" | "payloadRetentionDays"> {
  const fields = ["attemptRetentionDays", "payloadRetentionDays"] as const;
  const issues = fields.flatMap((field) => {
    const days = input[field];
    const problem = days == null ? null : retentionDaysProblem(days);
    return problem ? [{ path: ["input", field], message: problem }] : [];
  });
  if (issues.length > 0) throw new InputError(issues);
  return Object.fromEntries(fields.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]));
}

/** The frame-ancestors list when present, checked; each bad origin is named by its index. */
function parseFrameAncestorsInput(input: UpdateOrganizationInput): Pick<Prisma.OrganizationUpdateInput, "frameAncestors"> {
  if (input.frameAncestors === undefined) return {};
  const parsed = parseFrameAncestors(input.frameAncestors ?? []);
  if ("origins" in parsed) return { frameAncestors: parsed.origins };
  const at = (index: number | null) => (index === null ? ["input", "frameAncestors"] : ["input", "frameAncestors", String(index)]);
  throw new InputError(parsed.problems.map(({ index, problem }) => ({ path: at(index), message: problem })));
}

/**
 * Renames the organization, changes the defaults its endpoints inherit (wire format,
 * envelope, retry policy; null clears one back to Herald's), its retention (null: the
 * service's) or the origins that may frame its console. Workers drop their cached copies of
 * its endpoints. Null when the organization does not exist.
 */
export async function updateOrganization(
  deps: DbDeps & OrganizationChangeDeps,
  organizationId: string,
  input: UpdateOrganizationInput,
): Promise<Organization | null> {
  const orgName = input.name == null ? undefined : parseInput(name, input.name, ["input", "name"]);
  const contract = parseContractOrThrow({ wireFormat: input.wireFormat, envelope: input.envelope, retryPolicy: input.retryPolicy }, ["input"]);
  const data: Prisma.OrganizationUpdateInput = {
    ...(orgName !== undefined && { name: orgName }),
    ...parseRetention(input),
    ...parseFrameAncestorsInput(input),
    ...contractColumns(contract),
  };
  const updated = await deps.db.prisma.$transaction(async (tx) => {
    if (!(await lockOrganizationDefaults(tx, organizationId, "update"))) return null;
    if (contract.wireFormat !== undefined) await checkInheritorsCanSign(tx, organizationId, contract.wireFormat ?? DEFAULT_WIRE_FORMAT);
    return updateLockedOrganization(tx, organizationId, data);
  });
  if (updated) announceOrganizationChange(deps, organizationId);
  return updated;
}

const NAMED_ENDPOINTS = 5;

/**
 * Endpoints that inherit the default and sign with an imported secret keep the default at
 * HMAC_HEADERS; those that sign with ed25519 keep it away from HMAC_HEADERS.
 */
async function checkInheritorsCanSign(tx: Prisma.TransactionClient, organizationId: string, format: WireFormat): Promise<void> {
  if (format.preset === "HMAC_HEADERS") return checkNoInheritingEd25519(tx, organizationId);
  const ids = await inheritingEndpointsWithImportedSecrets(tx, organizationId, NAMED_ENDPOINTS);
  if (ids.length === 0) return;
  throw new InputError([
    {
      path: ["input", "wireFormat"],
      message: `endpoints ${ids.join(", ")} take this default and sign with imported secrets, which only HMAC_HEADERS can sign with: give them their own wireFormat first`,
    },
  ]);
}

async function checkNoInheritingEd25519(tx: Prisma.TransactionClient, organizationId: string): Promise<void> {
  const ids = await inheritingEd25519Endpoints(tx, organizationId, NAMED_ENDPOINTS);
  if (ids.length === 0) return;
  throw new InputError([
    {
      path: ["input", "wireFormat"],
      message: `endpoints ${ids.join(", ")} take this default and sign with signatureScheme ED25519, which HMAC_HEADERS cannot carry: give them their own wireFormat or signatureScheme HMAC_SHA256 first`,
    },
  ]);
}
