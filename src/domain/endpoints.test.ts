import { describe, expect, it } from "vitest";
import type { PrismaClient } from "../db/client.ts";
import { decryptSecret, formatSecret } from "../rules/secret-key.ts";
import { InputError } from "./errors.ts";
import { createEndpoint, tallyEndpointStats, updateEndpoint } from "./endpoints.ts";

const SECRETS_KEY = Buffer.alloc(32, 7);
const secret = formatSecret(Buffer.alloc(32, 1));

/** createEndpoint's and updateEndpoint's dependencies as in-memory fakes: registered types, stored rows, announced ids. */
function fakes(registered: string[] = []) {
  const stored: { data: Record<string, unknown> }[] = [];
  const announced: string[] = [];
  const prisma = {
    $transaction: (work: (tx: unknown) => Promise<unknown>) => work(prisma),
    // lockOrganizationDefaults: an organization without defaults of its own.
    $queryRaw: async () => [{ wireFormat: null, envelope: null, retryPolicy: null }],
    eventType: { findMany: async () => registered.map((name) => ({ name })) },
    endpoint: {
      create: async (args: { data: Record<string, unknown> }) => (stored.push(args), { ...args.data }),
      updateManyAndReturn: async () => [],
    },
  };
  const deps = {
    db: { prisma: prisma as unknown as PrismaClient },
    config: { SECRETS_KEY, ALLOW_INSECURE_ENDPOINTS: true },
    nats: { nc: { publish: (_subject: string, id: string) => announced.push(id) } },
    realtime: { announce: {} },
  } as unknown as Parameters<typeof updateEndpoint>[0];
  return { deps, stored, announced };
}

describe("createEndpoint", () => {
  it("stores only the secret's ciphertext, then tells the workers about the new endpoint", async () => {
    const { deps, stored, announced } = fakes(["order.created"]);
    const input = { url: "http://localhost:3000/hook", eventTypes: ["order.created", "invoice.*"], secret };
    const endpoint = await createEndpoint(deps, "org_1", input);
    expect(stored).toHaveLength(1);
    const { secrets, ...row } = stored[0]!.data as { secrets: { create: { ciphertext: Uint8Array } } };
    expect(row).toMatchObject({ id: endpoint.id, organizationId: "org_1", url: input.url, eventTypes: input.eventTypes });
    expect(JSON.stringify(stored)).not.toContain(secret.slice(6));
    expect(formatSecret(decryptSecret(SECRETS_KEY, Buffer.from(secrets.create.ciphertext)))).toBe(secret);
    expect(announced).toEqual([endpoint.id]);
  });

  it("refuses an unregistered event type: nothing stored, nothing announced", async () => {
    const { deps, stored, announced } = fakes();
    const err = await createEndpoint(deps, "org_1", { url: "http://localhost:3000/hook", eventTypes: ["order.created"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0]?.message).toMatch(/^unknown event type "order.created"/);
    expect(stored).toEqual([]);
    expect(announced).toEqual([]);
  });
});

describe("updateEndpoint", () => {
  it("announces nothing when the endpoint is not this organization's", async () => {
    const { deps, announced } = fakes();
    await expect(updateEndpoint(deps, "org_1", "ep_other", { description: "x" })).resolves.toBeNull();
    expect(announced).toEqual([]);
  });
});

describe("tallyEndpointStats", () => {
  it.each([
    ["no deliveries: zeros and no rate", [], { succeeded: 0, failed: 0, pending: 0, held: 0, heldOverflow: 0, successRate: null }],
    ["pending only: still no rate", [{ status: "PENDING", count: 4 }], { succeeded: 0, failed: 0, pending: 4, held: 0, heldOverflow: 0, successRate: null }],
    [
      "finished deliveries give the rate",
      [
        { status: "SUCCEEDED", count: 3 },
        { status: "FAILED", count: 1 },
        { status: "PENDING", count: 2 },
      ],
      { succeeded: 3, failed: 1, pending: 2, held: 0, heldOverflow: 0, successRate: 0.75 },
    ],
    [
      "cancelled ones are not counted",
      [{ status: "CANCELLED", count: 9 }],
      { succeeded: 0, failed: 0, pending: 0, held: 0, heldOverflow: 0, successRate: null },
    ],
    [
      "held ones are counted apart, and do not count toward the rate",
      [
        { status: "HELD", count: 7 },
        { status: "SUCCEEDED", count: 1 },
      ],
      { succeeded: 1, failed: 0, pending: 0, held: 7, heldOverflow: 0, successRate: 1 },
    ],
  ])("%s", (_case, groups, stats) => {
    const out = tallyEndpointStats(
      ["ep_1"],
      groups.map((g) => ({ endpointId: "ep_1", ...g })),
    );
    expect(out.get("ep_1")).toEqual(stats);
  });

  it("shows each endpoint's held overflow counter", () => {
    const out = tallyEndpointStats(["ep_1", "ep_2"], [], new Map([["ep_2", 12]]));
    expect([out.get("ep_1")?.heldOverflow, out.get("ep_2")?.heldOverflow]).toEqual([0, 12]);
  });

  it("keeps endpoints apart and ignores groups of endpoints not asked for", () => {
    const out = tallyEndpointStats(
      ["ep_1", "ep_2"],
      [
        { endpointId: "ep_1", status: "SUCCEEDED", count: 1 },
        { endpointId: "ep_2", status: "FAILED", count: 2 },
        { endpointId: "ep_3", status: "SUCCEEDED", count: 5 },
      ],
    );
    expect([...out.keys()]).toEqual(["ep_1", "ep_2"]);
    expect(out.get("ep_1")?.successRate).toBe(1);
    expect(out.get("ep_2")?.successRate).toBe(0);
  });
});
