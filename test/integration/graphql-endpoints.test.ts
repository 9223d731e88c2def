import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINT_CHANGED_SUBJECT } from "../../src/nats/endpoint-changes.ts";
import { generateSecret } from "../../src/rules/secret-key.ts";
import {
  CreateEndpointDocument,
  CreateEventTypeDocument,
  DeleteEndpointDocument,
  DisableEndpointDocument,
  EnableEndpointDocument,
  EndpointDeliveriesDocument,
  EndpointDocument,
  EndpointSecretDocument,
  EndpointsDocument,
  EventTypesDocument,
  RotateEndpointSecretDocument,
  UpdateEndpointDocument,
  type CreateEndpointInput,
} from "../generated/graphql.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { seedDeliveries, type SeedStatus } from "../harness/seed.ts";
import { eventually } from "../harness/wait.ts";

// The production rules: https only, no private or loopback destinations.
let cp: ControlPlane;
let org: TestOrg;
const PUBLIC_URL = "https://93.184.216.34/webhooks";

beforeAll(async () => {
  cp = await startControlPlane({ ALLOW_INSECURE_ENDPOINTS: "false" });
  org = await createTestOrg(cp, "Endpoints");
  await org.client.request(CreateEventTypeDocument, { input: { name: "order.created" } });
});

afterAll(async () => {
  await cp?.stop();
});

const prisma = () => cp.herald.services.db.prisma;

async function create(input: Partial<CreateEndpointInput> = {}) {
  const { createEndpoint } = await org.client.request(CreateEndpointDocument, { input: { url: PUBLIC_URL, eventTypes: ["order.*"], ...input } });
  return createEndpoint;
}

const seed = (organizationId: string, endpointId: string, statuses: SeedStatus[]) => seedDeliveries(prisma(), organizationId, endpointId, statuses);

describe("createEndpoint", () => {
  it("creates an enabled endpoint with a generated whsec_ secret", async () => {
    const ep = await create({ description: "orders" });
    expect(ep).toMatchObject({
      id: expect.stringMatching(/^ep_/),
      url: PUBLIC_URL,
      description: "orders",
      eventTypes: ["order.*"],
      status: "ENABLED",
      disabledReason: null,
      headers: {},
      rateLimitPerSecond: null,
      retrySchedule: [],
      deletedAt: null,
    });
    const { endpointSecret } = await org.client.request(EndpointSecretDocument, { endpointId: ep.id });
    expect(endpointSecret.key).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(endpointSecret.key.slice(6), "base64")).toHaveLength(32);
  });

  it("keeps every setting it is given, including a caller's secret", async () => {
    const secret = generateSecret();
    const ep = await create({
      eventTypes: ["order.created", "*"],
      enabled: false,
      headers: { "X-Tenant": "acme", Authorization: "Bearer abc" },
      rateLimitPerSecond: 50,
      retrySchedule: [1, 60, 3600],
      secret,
    });
    expect(ep).toMatchObject({
      eventTypes: ["order.created", "*"],
      status: "DISABLED",
      headers: { "X-Tenant": "acme", Authorization: "Bearer abc" },
      rateLimitPerSecond: 50,
      retrySchedule: [1, 60, 3600],
    });
    expect((await org.client.request(EndpointSecretDocument, { endpointId: ep.id })).endpointSecret.key).toBe(secret);
  });

  const hostResolvingToLoopback = hostname();
  const bad: [string, Partial<CreateEndpointInput>, string[], RegExp][] = [
    ["an http URL", { url: "http://93.184.216.34/hook" }, ["input", "url"], /must use https/],
    ["a loopback IP", { url: "https://127.0.0.1/" }, ["input", "url"], /loopback/],
    ["localhost", { url: "https://localhost/hook" }, ["input", "url"], /loopback/],
    ["a hostname resolving to loopback", { url: `https://${hostResolvingToLoopback}/hook` }, ["input", "url"], /resolves to 127\.0\.0\.1, a loopback address/],
    ["the metadata address", { url: "https://169.254.169.254/latest/meta-data" }, ["input", "url"], /metadata/],
    ["a private IP", { url: "https://10.0.0.5/hook" }, ["input", "url"], /private/],
    ["credentials in the URL", { url: "https://user:pw@93.184.216.34/hook" }, ["input", "url"], /username or password/],
    ["a 3 KB URL", { url: `https://93.184.216.34/${"a".repeat(3000)}` }, ["input", "url"], /at most 2048/],
    ["not a URL", { url: "hooks.example.com" }, ["input", "url"], /absolute URL/],
    ["empty eventTypes", { eventTypes: [] }, ["input", "eventTypes"], /at least one/],
    ["an unknown event type", { eventTypes: ["order.*", "user.signed_up"] }, ["input", "eventTypes", "1"], /unknown event type "user.signed_up"/],
    ["a malformed pattern", { eventTypes: ["order..created"] }, ["input", "eventTypes", "0"], /empty segment/],
    ["a reserved header", { headers: { "Webhook-Signature": "v1,forged" } }, ["input", "headers"], /cannot be overridden/],
    ["a header with a line break", { headers: { "X-A": "a\r\nX-B: b" } }, ["input", "headers"], /line breaks/],
    ["headers that are not an object of strings", { headers: { "X-A": 1 } }, ["input", "headers", "X-A"], /string/],
    ["a malformed secret", { secret: "whsec_not-base64!" }, ["input", "secret"], /base64/],
    ["a short secret", { secret: `whsec_${Buffer.alloc(8).toString("base64")}` }, ["input", "secret"], /24 to 64 bytes/],
    ["a secret without prefix", { secret: Buffer.alloc(32).toString("base64") }, ["input", "secret"], /whsec_/],
    ["a negative retry delay", { retrySchedule: [5, -1] }, ["input", "retrySchedule", "1"], /from 1 to 604800/],
    ["a retry delay over 7 days", { retrySchedule: [604801] }, ["input", "retrySchedule", "0"], /from 1 to 604800/],
    ["more than 50 retry delays", { retrySchedule: Array.from({ length: 51 }, () => 1) }, ["input", "retrySchedule"], /at most 50/],
    ["a zero rate limit", { rateLimitPerSecond: 0 }, ["input", "rateLimitPerSecond"], /at least 1/],
    ["a rate limit over 10000", { rateLimitPerSecond: 10_001 }, ["input", "rateLimitPerSecond"], /at most 10000/],
  ];
  it.each(bad)("refuses %s with BAD_USER_INPUT naming the field", async (_name, input, path, message) => {
    const before = await prisma().endpoint.count();
    const error = await org.client.fail("BAD_USER_INPUT", CreateEndpointDocument, { input: { url: PUBLIC_URL, eventTypes: ["order.*"], ...input } });
    expect(error.extensions?.issues).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(await prisma().endpoint.count()).toBe(before);
  });

  it("reports every bad field at once", async () => {
    const error = await org.client.fail("BAD_USER_INPUT", CreateEndpointDocument, {
      input: { url: "http://x", eventTypes: [], rateLimitPerSecond: -1 },
    });
    expect(error.extensions?.issues?.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["input.url", "input.eventTypes", "input.rateLimitPerSecond"]),
    );
  });

  it("never echoes a refused secret", async () => {
    const secret = `whsec_${Buffer.alloc(70, 7).toString("base64")}`;
    const error = await org.client.fail("BAD_USER_INPUT", CreateEndpointDocument, { input: { url: PUBLIC_URL, eventTypes: ["*"], secret } });
    expect(JSON.stringify(error)).not.toContain(secret.slice(6, 30));
  });
});

describe("reading endpoints", () => {
  it("gets one by id and lists them newest first with cursors and a status filter", async () => {
    const other = await createTestOrg(cp, "Lister");
    const made = [];
    for (let i = 0; i < 3; i++) {
      const { createEndpoint } = await other.client.request(CreateEndpointDocument, {
        input: { url: `${PUBLIC_URL}/${i}`, eventTypes: ["*"], enabled: i !== 1 },
      });
      made.push(createEndpoint.id);
    }
    const { endpoint } = await other.client.request(EndpointDocument, { id: made[0]! });
    expect(endpoint.url).toBe(`${PUBLIC_URL}/0`);

    const page1 = await other.client.request(EndpointsDocument, { first: 2 });
    expect(page1.endpoints.edges.map((e) => e.node.id)).toEqual([made[2], made[1]]);
    expect(page1.endpoints.pageInfo.hasNextPage).toBe(true);
    const page2 = await other.client.request(EndpointsDocument, { first: 2, after: page1.endpoints.pageInfo.endCursor });
    expect(page2.endpoints.edges.map((e) => e.node.id)).toEqual([made[0]]);
    expect(page2.endpoints.pageInfo.hasNextPage).toBe(false);

    const disabled = await other.client.request(EndpointsDocument, { status: "DISABLED" });
    expect(disabled.endpoints.edges.map((e) => e.node.id)).toEqual([made[1]]);
  });

  it("answers NOT_FOUND for an unknown id", async () => {
    await org.client.fail("NOT_FOUND", EndpointDocument, { id: "ep_01JUNKNOWN0000000000000000" });
    await org.client.fail("NOT_FOUND", EndpointSecretDocument, { endpointId: "ep_01JUNKNOWN0000000000000000" });
  });

  it("counts deliveries by status in stats, and lists them on the endpoint", async () => {
    const ep = await create();
    const ids = await seed(org.id, ep.id, ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED", "PENDING", "CANCELLED"]);
    const { endpoint } = await org.client.request(EndpointDocument, { id: ep.id });
    expect(endpoint.stats).toEqual({ succeeded: 3, failed: 1, pending: 1, successRate: 0.75 });

    const fresh = await create();
    expect((await org.client.request(EndpointDocument, { id: fresh.id })).endpoint.stats).toEqual({ succeeded: 0, failed: 0, pending: 0, successRate: null });

    const all = await org.client.request(EndpointDeliveriesDocument, { id: ep.id, first: 10 });
    expect(all.endpoint.deliveries.edges.map((e) => e.node.id)).toEqual([...ids].reverse());
    const failed = await org.client.request(EndpointDeliveriesDocument, { id: ep.id, status: "FAILED" });
    expect(failed.endpoint.deliveries.edges.map((e) => e.node.id)).toEqual([ids[3]]);

    const list = await org.client.request(EndpointsDocument, { first: 50 });
    const stats = Object.fromEntries(list.endpoints.edges.map((e) => [e.node.id, e.node.stats]));
    expect(stats[ep.id]).toEqual({ succeeded: 3, failed: 1, pending: 1, successRate: 0.75 });
    expect(stats[fresh.id]?.succeeded).toBe(0);
  });
});

describe("changing endpoints", () => {
  it("updates only the fields given; null clears optional settings", async () => {
    const ep = await create({ description: "before", headers: { "X-A": "1" }, rateLimitPerSecond: 5, retrySchedule: [10] });
    const { updateEndpoint } = await org.client.request(UpdateEndpointDocument, {
      id: ep.id,
      input: { url: `${PUBLIC_URL}/v2`, eventTypes: ["order.created"], description: null, rateLimitPerSecond: null },
    });
    expect(updateEndpoint).toMatchObject({
      url: `${PUBLIC_URL}/v2`,
      eventTypes: ["order.created"],
      description: null,
      headers: { "X-A": "1" },
      rateLimitPerSecond: null,
      retrySchedule: [10],
    });
    const again = await org.client.request(UpdateEndpointDocument, { id: ep.id, input: { headers: null, retrySchedule: null } });
    expect(again.updateEndpoint).toMatchObject({ headers: {}, retrySchedule: [], url: `${PUBLIC_URL}/v2` });
    const unchanged = await org.client.request(UpdateEndpointDocument, { id: ep.id, input: {} });
    expect(unchanged.updateEndpoint).toMatchObject({ url: `${PUBLIC_URL}/v2`, eventTypes: ["order.created"], status: "ENABLED" });
  });

  it("validates updated fields like created ones", async () => {
    const ep = await create();
    const error = await org.client.fail("BAD_USER_INPUT", UpdateEndpointDocument, { id: ep.id, input: { url: "https://127.0.0.1/", eventTypes: [] } });
    expect(error.extensions?.issues?.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["input.url", "input.eventTypes"]));
    expect((await org.client.request(EndpointDocument, { id: ep.id })).endpoint.url).toBe(PUBLIC_URL);
    await org.client.fail("NOT_FOUND", UpdateEndpointDocument, { id: "ep_missing", input: { description: "x" } });
  });

  it("finds an endpoint deleted while its change waited for the row lock gone, and leaves the deleted row alone", async () => {
    const ep = await create();
    const pool = cp.herald.services.db.pool;
    const deleter = await pool.connect();
    try {
      await deleter.query("BEGIN");
      await deleter.query("SELECT id FROM endpoints WHERE id = $1 FOR UPDATE", [ep.id]);
      const change = org.client.fail("NOT_FOUND", DisableEndpointDocument, { id: ep.id, reason: "maintenance" });
      await eventually("the change waiting for the lock", async () => {
        const { rows } = await pool.query("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted");
        return rows[0].n > 0;
      });
      await deleter.query("UPDATE endpoints SET deleted_at = now() WHERE id = $1", [ep.id]);
      await deleter.query("COMMIT");
      await change;
    } finally {
      deleter.release();
    }
    const row = await prisma().endpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(row).toMatchObject({ status: "ENABLED", disabledReason: null });
    expect(row.deletedAt).not.toBeNull();
  });

  it("disables with a reason, holding pending deliveries; enabling clears the failure record and sends them", async () => {
    const ep = await create();
    const [pending, succeeded] = await seed(org.id, ep.id, ["PENDING", "SUCCEEDED"]);
    await prisma().endpoint.update({ where: { id: ep.id }, data: { failingSince: new Date() } });

    const { disableEndpoint } = await org.client.request(DisableEndpointDocument, { id: ep.id, reason: "maintenance" });
    expect(disableEndpoint).toMatchObject({ status: "DISABLED", disabledReason: "maintenance" });
    expect(disableEndpoint.disabledAt).not.toBeNull();
    expect((await prisma().delivery.findUniqueOrThrow({ where: { id: pending! } })).status).toBe("HELD");
    expect((await prisma().delivery.findUniqueOrThrow({ where: { id: succeeded! } })).status).toBe("SUCCEEDED");

    const { enableEndpoint } = await org.client.request(EnableEndpointDocument, { id: ep.id });
    expect(enableEndpoint).toMatchObject({ status: "ENABLED", disabledReason: null, disabledAt: null, failingSince: null });
    expect((await prisma().delivery.findUniqueOrThrow({ where: { id: pending! } })).status).not.toBe("HELD");

    const viaUpdate = await org.client.request(UpdateEndpointDocument, { id: ep.id, input: { enabled: false } });
    expect(viaUpdate.updateEndpoint).toMatchObject({ status: "DISABLED", disabledReason: "disabled by an operator" });
  });

  it("soft-deletes: gone from reads, pending deliveries cancelled, log kept", async () => {
    const ep = await create();
    const [pending] = await seed(org.id, ep.id, ["PENDING"]);
    const { deleteEndpoint } = await org.client.request(DeleteEndpointDocument, { id: ep.id });
    expect(deleteEndpoint.deletedAt).not.toBeNull();
    await org.client.fail("NOT_FOUND", EndpointDocument, { id: ep.id });
    await org.client.fail("NOT_FOUND", EndpointSecretDocument, { endpointId: ep.id });
    await org.client.fail("NOT_FOUND", DeleteEndpointDocument, { id: ep.id });
    await org.client.fail("NOT_FOUND", UpdateEndpointDocument, { id: ep.id, input: { description: "x" } });
    const list = await org.client.request(EndpointsDocument, { first: 100 });
    expect(list.endpoints.edges.map((e) => e.node.id)).not.toContain(ep.id);
    const row = await prisma().delivery.findUniqueOrThrow({ where: { id: pending! } });
    expect(row.status).toBe("CANCELLED");
    expect(await prisma().endpoint.findUnique({ where: { id: ep.id } })).not.toBeNull();
  });

  it("rotates the secret: a new current key, the old one signing until the grace period ends", async () => {
    const ep = await create();
    const before = (await org.client.request(EndpointSecretDocument, { endpointId: ep.id })).endpointSecret.key;
    const started = Date.now();
    const { rotateEndpointSecret } = await org.client.request(RotateEndpointSecretDocument, { id: ep.id, graceSeconds: 3600 });
    expect(rotateEndpointSecret.key).toMatch(/^whsec_/);
    expect(rotateEndpointSecret.key).not.toBe(before);
    expect((await org.client.request(EndpointSecretDocument, { endpointId: ep.id })).endpointSecret.key).toBe(rotateEndpointSecret.key);

    const rows = await prisma().endpointSecret.findMany({ where: { endpointId: ep.id }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[1]!.expiresAt).toBeNull();
    const graceEnd = rows[0]!.expiresAt!.getTime();
    expect(graceEnd).toBeGreaterThanOrEqual(started + 3600_000 - 1000);
    expect(graceEnd).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);

    const chosen = generateSecret();
    const second = await org.client.request(RotateEndpointSecretDocument, { id: ep.id, secret: chosen });
    expect(second.rotateEndpointSecret.key).toBe(chosen);
    // The default grace (a day) does not extend the first secret's shorter one.
    const after = await prisma().endpointSecret.findMany({ where: { endpointId: ep.id }, orderBy: { id: "asc" } });
    expect(after[0]!.expiresAt!.getTime()).toBe(graceEnd);
    expect(after[1]!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 86_000_000);
  });

  it("refuses bad rotation arguments, naming them", async () => {
    const ep = await create();
    const grace = await org.client.fail("BAD_USER_INPUT", RotateEndpointSecretDocument, { id: ep.id, graceSeconds: -5 });
    expect(grace.extensions?.issues).toEqual([{ path: ["graceSeconds"], message: expect.any(String) }]);
    const secret = await org.client.fail("BAD_USER_INPUT", RotateEndpointSecretDocument, { id: ep.id, secret: "whsec_???" });
    expect(secret.extensions?.issues).toEqual([{ path: ["secret"], message: expect.any(String) }]);
    await org.client.fail("NOT_FOUND", RotateEndpointSecretDocument, { id: "ep_nope" });
  });

  it("sets a secret as the only one, ending a running rotation's grace period at once", async () => {
    const ep = await create();
    await org.client.request(RotateEndpointSecretDocument, { id: ep.id, graceSeconds: 3600 });
    expect(await prisma().endpointSecret.count({ where: { endpointId: ep.id } })).toBe(2);

    const chosen = generateSecret();
    const { updateEndpoint } = await org.client.request(UpdateEndpointDocument, { id: ep.id, input: { secret: chosen, description: "new secret" } });
    expect(updateEndpoint.description).toBe("new secret");
    expect((await org.client.request(EndpointSecretDocument, { endpointId: ep.id })).endpointSecret.key).toBe(chosen);
    const rows = await prisma().endpointSecret.findMany({ where: { endpointId: ep.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.expiresAt).toBeNull();

    // Absent or null leaves the secret as it is.
    await org.client.request(UpdateEndpointDocument, { id: ep.id, input: { secret: null, description: "kept" } });
    await org.client.request(UpdateEndpointDocument, { id: ep.id, input: { enabled: false } });
    expect((await org.client.request(EndpointSecretDocument, { endpointId: ep.id })).endpointSecret.key).toBe(chosen);
    expect(await prisma().endpointSecret.findMany({ where: { endpointId: ep.id } })).toEqual(rows);

    await org.client.fail("NOT_FOUND", UpdateEndpointDocument, { id: "ep_missing", input: { secret: generateSecret() } });
  });

  const badSecrets: [string, string, RegExp][] = [
    ["a malformed secret", "whsec_not-base64!", /base64/],
    ["a short secret", `whsec_${Buffer.alloc(8, 1).toString("base64")}`, /24 to 64 bytes/],
    ["a long secret", `whsec_${Buffer.alloc(70, 7).toString("base64")}`, /24 to 64 bytes/],
    ["a secret without prefix", Buffer.alloc(32, 2).toString("base64"), /whsec_/],
  ];
  it.each(badSecrets)("refuses %s on update with BAD_USER_INPUT naming it, changing nothing", async (_name, secret, message) => {
    const ep = await create({ description: "before" });
    await org.client.request(RotateEndpointSecretDocument, { id: ep.id, graceSeconds: 3600 });
    const key = (await org.client.request(EndpointSecretDocument, { endpointId: ep.id })).endpointSecret.key;
    const rows = await prisma().endpointSecret.findMany({ where: { endpointId: ep.id }, orderBy: { id: "asc" } });

    const error = await org.client.fail("BAD_USER_INPUT", UpdateEndpointDocument, { id: ep.id, input: { secret, description: "after", enabled: false } });
    expect(error.extensions?.issues).toEqual([{ path: ["input", "secret"], message: expect.stringMatching(message) }]);
    expect(JSON.stringify(error)).not.toContain(secret.slice(6, 30));

    expect((await org.client.request(EndpointDocument, { id: ep.id })).endpoint).toMatchObject({
      description: "before",
      status: "ENABLED",
      updatedAt: ep.updatedAt,
    });
    expect((await org.client.request(EndpointSecretDocument, { endpointId: ep.id })).endpointSecret.key).toBe(key);
    expect(await prisma().endpointSecret.findMany({ where: { endpointId: ep.id }, orderBy: { id: "asc" } })).toEqual(rows);
  });

  it("tells workers about every change so their caches drop the endpoint", async () => {
    const seen: string[] = [];
    const sub = cp.herald.services.nats.nc.subscribe(ENDPOINT_CHANGED_SUBJECT, { callback: (_err, msg) => void seen.push(msg.string()) });
    try {
      const ep = await create();
      await org.client.request(UpdateEndpointDocument, { id: ep.id, input: { description: "x" } });
      await org.client.request(DisableEndpointDocument, { id: ep.id });
      await org.client.request(EnableEndpointDocument, { id: ep.id });
      await org.client.request(RotateEndpointSecretDocument, { id: ep.id });
      await org.client.request(UpdateEndpointDocument, { id: ep.id, input: { secret: generateSecret() } });
      await org.client.request(DeleteEndpointDocument, { id: ep.id });
      await eventually("seven announcements", () => seen.filter((id) => id === ep.id).length === 7);
    } finally {
      sub.unsubscribe();
    }
  });
});

describe("event types", () => {
  it("registers types with an optional JSON Schema and lists them by name", async () => {
    const own = await createTestOrg(cp, "Types");
    const schema = { type: "object", required: ["total"], properties: { total: { type: "string" } } };
    const { createEventType } = await own.client.request(CreateEventTypeDocument, { input: { name: "order.paid", description: "paid", schema } });
    expect(createEventType).toMatchObject({ id: expect.stringMatching(/^et_/), name: "order.paid", description: "paid", schema });
    await own.client.request(CreateEventTypeDocument, { input: { name: "invoice.sent" } });
    const { eventTypes } = await own.client.request(EventTypesDocument);
    expect(eventTypes.map((t) => t.name)).toEqual(["invoice.sent", "order.paid"]);
    expect(eventTypes[0]!.schema).toBeNull();
  });

  it("refuses a bad name, an invalid schema and a duplicate", async () => {
    const name = await org.client.fail("BAD_USER_INPUT", CreateEventTypeDocument, { input: { name: "order created" } });
    expect(name.extensions?.issues?.[0]?.path).toEqual(["input", "name"]);
    const schema = await org.client.fail("BAD_USER_INPUT", CreateEventTypeDocument, { input: { name: "x.y", schema: { type: "no-such-type" } } });
    expect(schema.extensions?.issues?.[0]?.path).toEqual(["input", "schema"]);
    const notObject = await org.client.fail("BAD_USER_INPUT", CreateEventTypeDocument, { input: { name: "x.y", schema: [1] } });
    expect(notObject.extensions?.issues?.[0]?.path).toEqual(["input", "schema"]);
    await org.client.fail("CONFLICT", CreateEventTypeDocument, { input: { name: "order.created" } });
  });
});
