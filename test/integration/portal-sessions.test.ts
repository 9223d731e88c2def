import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/rules/ids.ts";
import { generatePortalToken, portalTokenHash } from "../../src/rules/portal-tokens.ts";
import { frameAncestorsOf, insertPortalSession } from "../../src/store/portal-sessions.ts";
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  CreateEndpointDocument,
  CreateEventTypeDocument,
  DeleteEndpointDocument,
  DeliveryAttemptsDocument,
  EndpointDocument,
  EndpointsDocument,
  EventTypesDocument,
  PortalCreateSessionDocument,
  PortalOrganizationsDocument,
  PortalSetFrameAncestorsDocument,
  PortalSystemStatusDocument,
  PortalViewerDocument,
  PublishEventDocument,
  RevokeApiKeyDocument,
  RotateEndpointSecretDocument,
  UpdateOrganizationContractDocument,
} from "../generated/graphql.ts";
import { startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { LiveClient } from "../harness/graphql-client.ts";
import { dumpDatabase } from "../harness/secret-search.ts";
import { seedTenantPair } from "../harness/tenants.ts";

// Portal sessions (issue #20): a console link's token is a credential of one organization,
// stored only as a hash, that may be read-only, never manages credentials, and stops working
// (HTTP and open live connections alike) when it expires. Also the frameAncestors list the
// console's CSP is built from, and the admin's organizations and systemStatus.

let cp: ControlPlane;
let a: TestOrg;
let b: TestOrg;
let A: { endpoint: string; event: string; delivery: string };
const live: LiveClient[] = [];
const issued: string[] = [];

beforeAll(async () => {
  cp = await startControlPlane();
  const pair = await seedTenantPair(cp, "portal_event");
  ({ a, b } = pair);
  A = pair.A;
});

afterAll(async () => {
  await Promise.all(live.map((c) => c.close()));
  await cp?.stop();
});

async function portal(org: TestOrg, input: { expiresInSeconds?: number; readOnly?: boolean } = {}) {
  const { createPortalSession } = await org.client.request(PortalCreateSessionDocument, { input });
  issued.push(createPortalSession.token);
  return { ...createPortalSession, client: org.client.as(createPortalSession.token) };
}

function liveClient(token: string): LiveClient {
  const client = new LiveClient(`http://127.0.0.1:${cp.herald.port}/graphql`, token);
  live.push(client);
  return client;
}

/** A session written straight through the store, expiring at `expiresAt`: its token. */
async function storedSession(organizationId: string, expiresAt: Date, readOnly = false): Promise<string> {
  const token = generatePortalToken();
  await insertPortalSession(cp.herald.services.db.prisma, { id: newId("ps"), organizationId, tokenHash: portalTokenHash(token), readOnly, expiresAt });
  return token;
}

describe("createPortalSession", () => {
  it("gives an organization's key a token and a console URL for that organization", async () => {
    const before = Date.now();
    const session = await portal(a);
    expect(session.token).toMatch(/^hps_[A-Za-z0-9_-]{43}$/);
    expect(session.url).toBe(`http://127.0.0.1:${cp.herald.port}/console?organization=${a.id}#portal=${session.token}`);
    expect(session.readOnly).toBe(false);
    const expiresAt = Date.parse(session.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1_000);
  });

  it("works over HTTP and graphql-ws, and sees only its own organization", async () => {
    const session = await portal(a);
    const { viewer } = await session.client.request(PortalViewerDocument);
    expect(viewer.organization.id).toBe(a.id);
    expect(viewer.portal).toEqual({ readOnly: false, expiresAt: session.expiresAt });
    expect((await a.client.request(PortalViewerDocument)).viewer.portal).toBeNull();
    const endpoints = await session.client.request(EndpointsDocument, { first: 50 });
    expect(endpoints.endpoints.edges.map((e) => e.node.id)).toEqual([A.endpoint]);

    const overWs = liveClient(session.token).subscribe(PortalViewerDocument);
    expect((await overWs.waitFor(1))[0]!.viewer.organization.id).toBe(a.id);

    // B's portal reaches none of A's objects by id, and lists none of them.
    const ofB = await portal(b);
    await ofB.client.fail("NOT_FOUND", EndpointDocument, { id: A.endpoint });
    expect((await ofB.client.request(EndpointsDocument, { first: 50 })).endpoints.edges).toEqual([]);
    const bFeed = liveClient(ofB.token).subscribe(PortalViewerDocument);
    expect((await bFeed.waitFor(1))[0]!.viewer.organization.id).toBe(b.id);
  });

  it("refuses expiresInSeconds outside 60..86400, naming the field", async () => {
    for (const expiresInSeconds of [59, 86_401, 0, -1]) {
      const error = await a.client.fail("BAD_USER_INPUT", PortalCreateSessionDocument, { input: { expiresInSeconds } });
      expect(error.extensions?.issues).toEqual([{ path: ["input", "expiresInSeconds"], message: "must be a whole number of seconds from 60 to 86400" }]);
    }
    for (const expiresInSeconds of [60, 86_400]) {
      const session = await portal(a, { expiresInSeconds });
      expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(expiresInSeconds * 1000 - 5_000);
    }
  });

  it("stores only a hash of each token", async () => {
    const { tables, dump } = await dumpDatabase(cp.servers.databaseUrl);
    expect(tables).toContain("portal_sessions");
    expect(issued.length).toBeGreaterThan(3);
    for (const token of issued) {
      const secret = token.slice("hps_".length);
      for (const form of [token, secret, Buffer.from(secret, "base64url").toString("hex")]) {
        expect(dump.includes(form), `database contains ${form.slice(0, 12)}…`).toBe(false);
      }
    }
    const rows = await cp.herald.services.db.prisma.portalSession.findMany({ where: { organizationId: a.id } });
    const hashes = rows.map((r) => Buffer.from(r.tokenHash).toString("hex"));
    expect(hashes).toContain(portalTokenHash(issued[0]!).toString("hex"));
  });
});

describe("what a portal session may do", () => {
  it("read-only: refuses every mutation before it runs, and answers queries", async () => {
    const session = await portal(a, { readOnly: true });
    expect((await session.client.request(PortalViewerDocument)).viewer.portal?.readOnly).toBe(true);
    expect((await session.client.request(EndpointDocument, { id: A.endpoint })).endpoint.id).toBe(A.endpoint);
    const prisma = cp.herald.services.db.prisma;
    const eventTypes = await prisma.eventType.count({ where: { organizationId: a.id } });

    const refused = [
      session.client.fail("FORBIDDEN", CreateEventTypeDocument, { input: { name: "ro.created" } }),
      session.client.fail("FORBIDDEN", CreateEndpointDocument, { input: { url: "http://127.0.0.1:9/ro", eventTypes: ["*"] } }),
      session.client.fail("FORBIDDEN", DeleteEndpointDocument, { id: A.endpoint }),
      session.client.fail("FORBIDDEN", RotateEndpointSecretDocument, { id: A.endpoint, graceSeconds: 0 }),
      session.client.fail("FORBIDDEN", PublishEventDocument, { input: { type: "ro.event", data: {} } }),
    ];
    for (const error of await Promise.all(refused)) expect(error.message).toMatch(/read-only/);
    // Over graphql-ws too.
    const overWs = liveClient(session.token).subscribe(CreateEventTypeDocument, { input: { name: "ro.ws" } });
    expect((await overWs.failure()).extensions?.code).toBe("FORBIDDEN");

    expect(await prisma.eventType.count({ where: { organizationId: a.id } })).toBe(eventTypes);
    expect(await prisma.endpoint.findUniqueOrThrow({ where: { id: A.endpoint } })).toMatchObject({ deletedAt: null });
    expect(await prisma.endpointSecret.count({ where: { endpointId: A.endpoint } })).toBe(1);
    expect(await prisma.event.count({ where: { organizationId: a.id } })).toBe(1);
    expect((await session.client.request(EventTypesDocument)).eventTypes.map((t) => t.name)).toEqual(["a.private"]);
  });

  it("read-write: runs the organization's mutations, except those that manage credentials or the organization", async () => {
    const session = await portal(a);
    const { createEventType } = await session.client.request(CreateEventTypeDocument, { input: { name: "rw.created" } });
    expect(createEventType.name).toBe("rw.created");
    const keys = await cp.herald.services.db.prisma.apiKey.count();
    const sessions = await cp.herald.services.db.prisma.portalSession.count();

    await session.client.fail("FORBIDDEN", CreateApiKeyDocument, { input: { name: "minted" } });
    await session.client.fail("FORBIDDEN", RevokeApiKeyDocument, { id: a.apiKeyId });
    await session.client.fail("FORBIDDEN", PortalCreateSessionDocument, { input: { expiresInSeconds: 86_400 } });
    await session.client.fail("FORBIDDEN", UpdateOrganizationContractDocument, { input: { name: "Renamed" } });
    await session.client.fail("FORBIDDEN", PortalSetFrameAncestorsDocument, { frameAncestors: ["https://evil.example.com"] });
    await session.client.fail("FORBIDDEN", ApiKeysDocument, { first: 10 });

    const prisma = cp.herald.services.db.prisma;
    expect(await prisma.apiKey.count()).toBe(keys);
    expect(await prisma.portalSession.count()).toBe(sessions);
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { id: a.apiKeyId } })).toMatchObject({ revokedAt: null });
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ name: "Tenant A", frameAncestors: [] });
  });
});

describe("an expired portal session", () => {
  it("is UNAUTHENTICATED over HTTP and refused on graphql-ws (4403)", async () => {
    const token = await storedSession(a.id, new Date(Date.now() - 1_000));
    await a.client.as(token).fail("UNAUTHENTICATED", PortalViewerDocument);
    const refused = liveClient(token).subscribe(DeliveryAttemptsDocument, {});
    expect((await refused.failure()).extensions?.closeCode).toBe(4403);
    // A well-shaped token that names no session at all, likewise.
    await a.client.as(generatePortalToken()).fail("UNAUTHENTICATED", PortalViewerDocument);
  });

  it("stops working once its time has passed, and its open connection is closed with 4403", async () => {
    const expiresAt = Date.now() + 3_000;
    const token = await storedSession(a.id, new Date(expiresAt));
    const client = a.client.as(token);
    expect((await client.request(PortalViewerDocument)).viewer.organization.id).toBe(a.id);
    const feed = liveClient(token).subscribe(DeliveryAttemptsDocument, {});
    const viewer = liveClient(token).subscribe(PortalViewerDocument);
    await viewer.waitFor(1);
    const closed = await feed.failure(10_000);
    expect(closed.extensions?.closeCode).toBe(4403);
    // Admitted, then closed at expiry (not refused at the start).
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt - 20);
    await client.fail("UNAUTHENTICATED", PortalViewerDocument);
  });

  it("made through the API, stops working when its expiry is moved into the past", async () => {
    const session = await portal(a, { expiresInSeconds: 60 });
    await session.client.request(PortalViewerDocument);
    await cp.herald.services.db.prisma.portalSession.updateMany({
      where: { tokenHash: new Uint8Array(portalTokenHash(session.token)) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    await session.client.fail("UNAUTHENTICATED", PortalViewerDocument);
  });
});

describe("frameAncestors", () => {
  it("takes origins, normalized, and names each bad one by its index", async () => {
    const set = await a.client.request(PortalSetFrameAncestorsDocument, {
      frameAncestors: ["https://app.example.com/", "http://localhost:5173", "https://app.example.com"],
    });
    expect(set.updateOrganization.frameAncestors).toEqual(["https://app.example.com", "http://localhost:5173"]);

    const bad = await a.client.fail("BAD_USER_INPUT", PortalSetFrameAncestorsDocument, {
      frameAncestors: ["https://ok.example.com", "http://plain.example.com", "https://x.example.com/path", "https://*.example.com"],
    });
    expect(bad.extensions?.issues?.map((i) => i.path.join("."))).toEqual(["input.frameAncestors.1", "input.frameAncestors.2", "input.frameAncestors.3"]);
    const many = Array.from({ length: 21 }, (_, i) => `https://o${i}.example.com`);
    const tooMany = await a.client.fail("BAD_USER_INPUT", PortalSetFrameAncestorsDocument, { frameAncestors: many });
    expect(tooMany.extensions?.issues).toEqual([{ path: ["input", "frameAncestors"], message: "must list at most 20 origins" }]);
    expect((await a.client.request(PortalViewerDocument)).viewer.organization.frameAncestors).toEqual(["https://app.example.com", "http://localhost:5173"]);
  });

  it("is each organization's own, and frameAncestorsOf reads it for the console's server", async () => {
    await b.client.request(PortalSetFrameAncestorsDocument, { frameAncestors: ["https://b.example.com"] });
    const pool = cp.herald.services.db.pool;
    expect(await frameAncestorsOf(pool, a.id)).toEqual(["https://app.example.com", "http://localhost:5173"]);
    expect(await frameAncestorsOf(pool, b.id)).toEqual(["https://b.example.com"]);
    expect(await frameAncestorsOf(pool, "org_unknown")).toBeNull();
    expect(await frameAncestorsOf(pool, "org_\u0000'; --")).toBeNull();
    // A portal of B sees B's list only; null empties it.
    const ofB = await portal(b);
    expect((await ofB.client.request(PortalViewerDocument)).viewer.organization.frameAncestors).toEqual(["https://b.example.com"]);
    await b.client.request(PortalSetFrameAncestorsDocument, { frameAncestors: null });
    expect(await frameAncestorsOf(pool, b.id)).toEqual([]);
    expect(await frameAncestorsOf(pool, a.id)).toEqual(["https://app.example.com", "http://localhost:5173"]);
  });
});

describe("admin: organizations and systemStatus", () => {
  it("lists organizations newest first, a page at a time, for ADMIN_TOKEN only", async () => {
    const first = await cp.admin.request(PortalOrganizationsDocument, { first: 1 });
    expect(first.organizations.edges.map((e) => e.node.id)).toEqual([b.id]);
    expect(first.organizations.pageInfo.hasNextPage).toBe(true);
    const next = await cp.admin.request(PortalOrganizationsDocument, { first: 10, after: first.organizations.pageInfo.endCursor });
    expect(next.organizations.edges.map((e) => e.node.id)).toEqual([a.id]);
    expect(next.organizations.pageInfo.hasNextPage).toBe(false);
    await cp.admin.fail("BAD_USER_INPUT", PortalOrganizationsDocument, { first: 10_000 });

    await a.client.fail("FORBIDDEN", PortalOrganizationsDocument, { first: 10 });
    await (await portal(a)).client.fail("FORBIDDEN", PortalOrganizationsDocument, { first: 10 });
    await cp.anonymous.fail("UNAUTHENTICATED", PortalOrganizationsDocument, { first: 10 });
  });

  it("reports readiness, queue depth and the last minute's attempts to ADMIN_TOKEN only", async () => {
    const { systemStatus } = await cp.admin.request(PortalSystemStatusDocument);
    // seedTenantPair recorded two failed attempts just now; no Redis is configured here.
    expect(systemStatus).toMatchObject({ postgres: true, nats: true, redis: null, queueDepth: expect.any(Number) });
    expect(systemStatus.queueDepth).toBeGreaterThanOrEqual(0);
    expect(systemStatus.deliveriesPerSecond).toBeCloseTo(2 / 60, 5);
    expect(systemStatus.failuresPerSecond).toBeCloseTo(2 / 60, 5);

    await a.client.fail("FORBIDDEN", PortalSystemStatusDocument);
    await (await portal(a)).client.fail("FORBIDDEN", PortalSystemStatusDocument);
    await cp.anonymous.fail("UNAUTHENTICATED", PortalSystemStatusDocument);
  });
});
