import { readFileSync } from "node:fs";
import { buildSchema, getNamedType, isCompositeType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLNamedType } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/rules/ids.ts";
import { generatePortalToken, portalTokenHash } from "../../src/rules/portal-tokens.ts";
import { insertPortalSession } from "../../src/store/portal-sessions.ts";
import { CreateApiKeyDocument, EndpointSecretDocument, PortalCreateSessionDocument, RevokeApiKeyDocument } from "../generated/graphql.ts";
import { startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { seedTenantPair } from "../harness/tenants.ts";

// The auth matrix over every root field of the published schema (schema.graphql), so a
// field added later is covered or fails this test: each is called with no key, malformed
// keys, a revoked key, and tenant B's key on tenant A's objects. Successes must be 0.
const schema = buildSchema(readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8"));
const roots = [
  ["query", schema.getQueryType()!],
  ["mutation", schema.getMutationType()!],
  ["subscription", schema.getSubscriptionType()!],
] as const;

let cp: ControlPlane;
let a: TestOrg;
let b: TestOrg;
const A = { endpoint: "", event: "", delivery: "", attempt: "", apiKey: "", secret: "", revokedToken: "", expiredPortalToken: "" };

beforeAll(async () => {
  cp = await startControlPlane();
  const pair = await seedTenantPair(cp, "a_only_event");
  ({ a, b } = pair);
  Object.assign(A, pair.A);
  const prisma = cp.herald.services.db.prisma;
  A.attempt = (await prisma.deliveryAttempt.findFirstOrThrow({ where: { deliveryId: A.delivery, attemptNumber: 1 } })).id;
  A.apiKey = a.apiKeyId;
  const revoked = (await a.client.request(CreateApiKeyDocument, { input: { name: "revoked" } })).createApiKey;
  await a.client.request(RevokeApiKeyDocument, { id: revoked.apiKey.id });
  A.revokedToken = revoked.token;
  A.expiredPortalToken = generatePortalToken();
  const expired = {
    id: newId("ps"),
    organizationId: a.id,
    tokenHash: portalTokenHash(A.expiredPortalToken),
    readOnly: false,
    expiresAt: new Date(Date.now() - 1),
  };
  await insertPortalSession(prisma, expired);
});

afterAll(async () => {
  await cp?.stop();
});

/** Arguments for each root field: tenant A's ids wherever the field takes an object id. */
function samples(): Record<string, Record<string, unknown>> {
  const since = new Date(0).toISOString();
  return {
    apiKeys: { first: 50 },
    deliveries: { first: 50, endpointId: A.endpoint, eventId: A.event },
    delivery: { id: A.delivery },
    endpoint: { id: A.endpoint },
    endpointSecret: { endpointId: A.endpoint },
    endpoints: { first: 50 },
    event: { id: A.event },
    eventTypes: {},
    events: { first: 50 },
    rejectedMessages: { first: 50 },
    viewer: {},
    createApiKey: { input: { name: "intruder" } },
    createEndpoint: { input: { url: "http://127.0.0.1:9/b", eventTypes: ["*"] } },
    createEventType: { input: { name: "b.type" } },
    createOrganization: { input: { name: "Intruder" } },
    createPortalSession: { input: { expiresInSeconds: 86_400, readOnly: false } },
    organizations: { first: 50 },
    systemStatus: {},
    deleteEndpoint: { id: A.endpoint },
    disableEndpoint: { id: A.endpoint, reason: "x" },
    enableEndpoint: { id: A.endpoint },
    publishEvent: { input: { type: "b.event", data: { n: 1 } } },
    redeliver: { deliveryId: A.delivery },
    skipDelivery: { deliveryId: A.delivery },
    replayEvents: { endpointId: A.endpoint, since, onlyFailed: false },
    revokeApiKey: { id: A.apiKey },
    rotateEndpointSecret: { id: A.endpoint, graceSeconds: 0 },
    sendTestEvent: { endpointId: A.endpoint, eventType: "a.private" },
    updateEndpoint: { id: A.endpoint, input: { url: "http://127.0.0.1:9/stolen" } },
    updateOrganization: { input: { name: "Renamed", wireFormat: { preset: "SVIX" } } },
    deliveryAttempts: { endpointId: A.endpoint, eventId: A.event },
    deliveryUpdated: { endpointId: A.endpoint, eventId: A.event },
  };
}

/** Fields only ADMIN_TOKEN may call: an organization's key gets FORBIDDEN. */
const ADMIN_ONLY = new Set(["createOrganization", "organizations", "systemStatus"]);

/** Fields an API key may call and a portal session (a console link) may not: FORBIDDEN. */
const API_KEY_ONLY = new Set(["apiKeys", "createApiKey", "revokeApiKey", "createPortalSession", "updateOrganization"]);

/** Fields that act on tenant A's objects by id: B calling them must get NOT_FOUND. */
const takesAnId = (vars: Record<string, unknown>) => Object.values(vars).some((v) => [A.endpoint, A.event, A.delivery, A.apiKey].includes(v as string));

/** Every argument-free field down to `depth`, so a leak anywhere in the result is visible. */
function selection(type: GraphQLNamedType, depth: number): string {
  if (!isCompositeType(type)) return "";
  if (!isObjectType(type) || depth === 0) return "{ __typename }";
  const parts: string[] = ["__typename"];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (depth > 1) parts.push(`${field.name} ${selection(named, depth - 1)}`);
  }
  return `{ ${parts.join(" ")} }`;
}

interface Operation {
  name: string;
  kind: "query" | "mutation" | "subscription";
  query: string;
  variables: Record<string, unknown>;
}

function operations(): Operation[] {
  const table = samples();
  const ops: Operation[] = [];
  for (const [kind, type] of roots) {
    for (const field of Object.values(type.getFields())) {
      const variables = table[field.name];
      if (!variables) throw new Error(`abuse-auth: no sample arguments for ${kind} ${field.name}; add them to samples()`);
      const args = field.args.filter((arg) => arg.name in variables);
      const missing = field.args.filter((arg) => isNonNullType(arg.type) && !(arg.name in variables));
      if (missing.length > 0) throw new Error(`abuse-auth: ${field.name} needs ${missing.map((m) => m.name).join(", ")}`);
      const defs = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
      const call = args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
      // Mutations select their own scalars only: publishEvent may answer before ingest has
      // stored the event, and its relations cannot be read yet (a separate, non-auth issue).
      const query = `${kind} ${defs ? `(${defs})` : ""} { ${field.name}${call ? `(${call})` : ""} ${selection(getNamedType(field.type), kind === "mutation" ? 1 : 3)} }`;
      ops.push({ name: field.name, kind, query, variables });
    }
  }
  return ops;
}

interface Outcome {
  data: unknown;
  codes: string[];
}

async function overHttp(op: Operation, authorization: string | undefined): Promise<Outcome> {
  const res = await fetch(`http://127.0.0.1:${cp.herald.port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...(authorization !== undefined && { authorization }) },
    body: JSON.stringify({ query: op.query, variables: op.variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  return { data: body.data?.[op.name] ?? null, codes: (body.errors ?? []).map((e) => e.extensions?.code ?? "NONE") };
}

/** The first event of a subscription within 1.5 s: a payload, errors, the socket closed (CLOSE_4403), or OPEN when nothing came. */
async function overWebSocket(op: Operation, authorization: string | undefined): Promise<Outcome> {
  const client = createClient({
    url: `ws://127.0.0.1:${cp.herald.port}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization === undefined ? {} : { authorization },
    retryAttempts: 0,
    lazy: true,
  });
  try {
    return await new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => resolve({ data: null, codes: ["OPEN"] }), 1_500);
      client.subscribe(
        { query: op.query, variables: op.variables },
        {
          next: (r) => {
            clearTimeout(timer);
            const codes = (r.errors ?? []).map((e) => String((e.extensions as { code?: string } | undefined)?.code ?? "NONE"));
            resolve({ data: (r.data as Record<string, unknown> | null | undefined)?.[op.name] ?? null, codes });
          },
          error: (err) => {
            clearTimeout(timer);
            if (Array.isArray(err)) resolve({ data: null, codes: err.map((e: { extensions?: { code?: string } }) => e.extensions?.code ?? "NONE") });
            else resolve({ data: null, codes: [`CLOSE_${(err as { code?: number }).code ?? "?"}`] });
          },
          complete: () => {},
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

const call = (op: Operation, authorization: string | undefined) =>
  op.kind === "subscription" ? overWebSocket(op, authorization) : overHttp(op, authorization);

describe("auth matrix over every operation", () => {
  it("covers every root field of the schema", () => {
    const ops = operations();
    const fields = roots.flatMap(([, t]) => Object.keys(t.getFields()));
    expect(ops.map((o) => o.name).sort()).toEqual(fields.sort());
    expect(Object.keys(samples()).sort()).toEqual(fields.sort());
  });

  it("refuses every operation without a valid key", async () => {
    const callers: [string, string | undefined][] = [
      ["no key", undefined],
      ["empty bearer", "Bearer "],
      ["garbage", "Bearer garbage"],
      ["sk_ only", "Bearer sk_"],
      ["wrong scheme", `Basic ${a.token}`],
      ["key with suffix", `Bearer ${a.token}x`],
      ["10 KB key", `Bearer sk_${"a".repeat(10_000)}`],
      ["revoked key", `Bearer ${A.revokedToken}`],
      ["expired portal token", `Bearer ${A.expiredPortalToken}`],
      ["unknown portal token", `Bearer ${generatePortalToken()}`],
      ["portal token with suffix", `Bearer ${A.expiredPortalToken}x`],
    ];
    let attempts = 0;
    let successes = 0;
    for (const op of operations()) {
      for (const [who, authorization] of callers) {
        const outcome = await call(op, authorization);
        attempts++;
        if (outcome.data !== null) successes++;
        const expected = op.kind === "subscription" ? ["CLOSE_4403"] : ["UNAUTHENTICATED"];
        expect(outcome, `${op.kind} ${op.name} with ${who}`).toEqual({ data: null, codes: expected });
      }
    }
    console.log(`[abuse] auth: ${attempts} calls without a valid key (${callers.length} kinds x ${operations().length} operations) | successes=${successes}`);
    expect(successes).toBe(0);
  });

  it("gives tenant B nothing of tenant A's, by id or in any list", async () => {
    const aIds = [a.id, A.endpoint, A.event, A.delivery, A.apiKey, A.secret, "a.private", "Tenant A", "a secret"];
    let attempts = 0;
    let successes = 0;
    const bearer = `Bearer ${b.token}`;
    for (const op of operations()) {
      const outcome = await call(op, bearer);
      attempts++;
      const leaked = aIds.filter((id) => JSON.stringify(outcome.data ?? null).includes(id));
      if (leaked.length > 0) successes++;
      expect(leaked, `${op.kind} ${op.name} as B returned A's ${leaked.join(", ")}`).toEqual([]);
      if (ADMIN_ONLY.has(op.name)) expect(outcome.codes).toEqual(["FORBIDDEN"]);
      else if (takesAnId(op.variables)) {
        if (op.name === "deliveries") expect(outcome.data).toMatchObject({ edges: [] });
        else {
          if (outcome.data !== null) successes++;
          expect(outcome, `${op.kind} ${op.name} on A's ids as B`).toEqual({ data: null, codes: ["NOT_FOUND"] });
        }
      } else if (op.kind !== "subscription") {
        // B's own operations work, so the documents above are valid and the refusals real.
        expect(outcome.codes, `${op.kind} ${op.name} as B`).toEqual([]);
      }
    }
    // Resuming a live feed from A's attempt id replays A's later attempt to A, and nothing to B.
    const resume: Operation = {
      name: "deliveryAttempts",
      kind: "subscription",
      query: "subscription ($after: ID) { deliveryAttempts(after: $after) { id deliveryId } }",
      variables: { after: A.attempt },
    };
    expect((await overWebSocket(resume, `Bearer ${a.token}`)).data).toMatchObject({ deliveryId: A.delivery });
    const resumedByB = await overWebSocket(resume, bearer);
    attempts++;
    if (resumedByB.data !== null) successes++;
    expect(resumedByB).toEqual({ data: null, codes: ["OPEN"] });
    // A's objects are exactly as they were.
    const prisma = cp.herald.services.db.prisma;
    const endpoint = await prisma.endpoint.findUniqueOrThrow({ where: { id: A.endpoint } });
    expect(endpoint).toMatchObject({ url: "http://127.0.0.1:9/a", status: "ENABLED", deletedAt: null });
    expect((await a.client.request(EndpointSecretDocument, { endpointId: A.endpoint })).endpointSecret.key).toBe(A.secret);
    expect(await prisma.deliveryAttempt.count({ where: { deliveryId: A.delivery } })).toBe(2);
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: A.delivery } })).status).toBe("FAILED");
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: A.apiKey } })).revokedAt).toBeNull();
    expect(await prisma.event.count({ where: { organizationId: a.id } })).toBe(1);
    // updateOrganization as B changed B, never A.
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ name: "Tenant A", wireFormat: null });
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ name: "Renamed", wireFormat: { preset: "SVIX" } });
    console.log(`[abuse] auth: ${attempts} calls with tenant B's key on tenant A's ids | successes=${successes}`);
    expect(successes).toBe(0);
  });

  it("lets tenant A's portal sessions do only what a portal may: read-only runs no mutation", async () => {
    const portal = async (readOnly: boolean) =>
      `Bearer ${(await a.client.request(PortalCreateSessionDocument, { input: { readOnly } })).createPortalSession.token}`;
    const [readOnly, readWrite] = [await portal(true), await portal(false)];
    let attempts = 0;
    let successes = 0;
    for (const op of operations()) {
      if (op.kind === "subscription") continue;
      const forbidden = ADMIN_ONLY.has(op.name) || API_KEY_ONLY.has(op.name);
      const asReadOnly = await overHttp(op, readOnly);
      attempts++;
      if (op.kind === "mutation" || forbidden) {
        if (asReadOnly.data !== null) successes++;
        expect(asReadOnly, `${op.kind} ${op.name} as a read-only portal`).toEqual({ data: null, codes: ["FORBIDDEN"] });
      } else expect(asReadOnly.codes, `${op.kind} ${op.name} as a read-only portal`).toEqual([]);
      // The read-write portal is sent only what it must be refused: the rest would change A.
      if (!forbidden) continue;
      const asReadWrite = await overHttp(op, readWrite);
      attempts++;
      if (asReadWrite.data !== null) successes++;
      expect(asReadWrite, `${op.kind} ${op.name} as a portal`).toEqual({ data: null, codes: ["FORBIDDEN"] });
    }
    const prisma = cp.herald.services.db.prisma;
    expect(await prisma.endpoint.findUniqueOrThrow({ where: { id: A.endpoint } })).toMatchObject({ url: "http://127.0.0.1:9/a", deletedAt: null });
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: A.apiKey } })).revokedAt).toBeNull();
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ name: "Tenant A", wireFormat: null });
    // The two made here; the first of them deleted the expired one made in beforeAll.
    expect(await prisma.portalSession.count({ where: { organizationId: a.id } })).toBe(2);
    console.log(`[abuse] auth: ${attempts} calls with tenant A's portal sessions beyond what a portal may do | successes=${successes}`);
    expect(successes).toBe(0);
  });
});
