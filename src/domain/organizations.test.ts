import { describe, expect, it } from "vitest";
import type { PrismaClient } from "../db/client.ts";
import { hashToken } from "../rules/api-tokens.ts";
import { authenticateApiKey } from "./api-keys.ts";
import { InputError } from "./errors.ts";
import { createApiKey, createOrganization, updateOrganization } from "./organizations.ts";

interface KeyRecord {
  id: string;
  organizationId: string;
  name: string | null;
  prefix: string;
  hash: string;
  revokedAt: Date | null;
}

/** An in-memory api_keys table behind the few Prisma calls these use cases make. */
function fakeDb() {
  const keys: KeyRecord[] = [];
  const prisma = {
    apiKey: {
      create: async ({ data }: { data: Omit<KeyRecord, "revokedAt"> }) => {
        const key = { ...data, revokedAt: null };
        keys.push(key);
        return key;
      },
      findUnique: async ({ where }: { where: { hash: string } }) => keys.find((k) => k.hash === where.hash) ?? null,
    },
    organization: {
      create: async ({ data }: { data: { id: string; name: string; apiKeys: { create: Omit<KeyRecord, "organizationId" | "revokedAt"> } } }) => {
        const key = { ...data.apiKeys.create, organizationId: data.id, revokedAt: null };
        keys.push(key);
        return { id: data.id, name: data.name, apiKeys: [key] };
      },
    },
  };
  return { keys, deps: { db: { prisma: prisma as unknown as PrismaClient } } };
}

describe("createApiKey", () => {
  it("stores the token's hash and prefix, never the token, and the token then authenticates", async () => {
    const { keys, deps } = fakeDb();
    const { apiKey, token } = await createApiKey(deps, "org_1", { name: "  ci  " });
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(keys)).not.toContain(token);
    expect(apiKey).toMatchObject({ organizationId: "org_1", name: "ci", prefix: token.slice(0, 10), hash: hashToken(token) });
    await expect(authenticateApiKey(deps.db.prisma, token)).resolves.toEqual({ organizationId: "org_1", apiKeyId: apiKey.id });
    await expect(authenticateApiKey(deps.db.prisma, `${token}x`)).resolves.toBeNull();
  });

  it.each([
    [undefined, null],
    [null, null],
  ])("a name of %j stores none", async (name, stored) => {
    const { deps } = fakeDb();
    expect((await createApiKey(deps, "org_1", { name })).apiKey.name).toBe(stored);
  });

  it("refuses an empty name before storing anything", async () => {
    const { keys, deps } = fakeDb();
    await expect(createApiKey(deps, "org_1", { name: "   " })).rejects.toBeInstanceOf(InputError);
    expect(keys).toHaveLength(0);
  });
});

describe("createOrganization", () => {
  it("creates the organization with a default key whose token is returned once", async () => {
    const { keys, deps } = fakeDb();
    const { organization, apiKey, token } = await createOrganization(deps, { name: " Acme " });
    expect(organization).toEqual({ id: expect.stringMatching(/^org_/), name: "Acme" });
    expect(apiKey).toMatchObject({ organizationId: organization.id, name: "default", hash: hashToken(token) });
    expect(keys).toEqual([apiKey]);
  });

  it("refuses a name over 200 characters", async () => {
    const { deps } = fakeDb();
    await expect(createOrganization(deps, { name: "a".repeat(201) })).rejects.toThrow("input.name: must be at most 200 characters");
  });
});

describe("updateOrganization's retention", () => {
  it.each([
    [{ attemptRetentionDays: 0 }, ["input.attemptRetentionDays: must be a whole number of days from 1 to 3650"]],
    [{ payloadRetentionDays: 3651 }, ["input.payloadRetentionDays: must be a whole number of days from 1 to 3650"]],
    [
      { attemptRetentionDays: -1, payloadRetentionDays: 2.5 },
      [
        "input.attemptRetentionDays: must be a whole number of days from 1 to 3650",
        "input.payloadRetentionDays: must be a whole number of days from 1 to 3650",
      ],
    ],
  ])("refuses %o before touching the database", async (input, messages) => {
    const { deps } = fakeDb();
    const announced: string[] = [];
    const err = await updateOrganization({ ...deps, nats: { nc: { publish: (s: string) => announced.push(s) } } } as never, "org_1", input).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(messages);
    expect(announced).toEqual([]);
  });
});
