import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { connectDatabase, PrismaClient, type Database } from "../../src/db/client.ts";
import { newId } from "../../src/rules/ids.ts";
import { ReplayTooLargeError, resumedAttemptFeed } from "../../src/domain/live-feeds.ts";
import { createRealtimeBus } from "../../src/realtime/pubsub.ts";
import type { Services } from "../../src/app/services.ts";
import { CreateApiKeyDocument, CreateEndpointDocument } from "../generated/graphql.ts";
import { PRODUCTION_ENV, startTestServers, type TestServers } from "../harness/env.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";
import { median, probeHealth, rssMb, rssSettles } from "../harness/health-probe.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";
import { RawLive } from "../harness/raw-live.ts";
import { storeDelivery, storeEvent } from "../harness/seed.ts";
import { eventually } from "../harness/wait.ts";

// Issue 15, row 6: no cap on subscriptions per connection (5,000 accepted) or connections
// per key (3,000), and each `deliveryAttempts(after:)` replayed up to 5,000 rows: 1,000 such
// frames on one socket took /healthz to 5.0 s and the process up 340 MB. Herald runs here
// as its own production process, with the default caps: 100, 100 and 1,000.
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const RESUME = "subscription Resume($after: ID) { deliveryAttempts(after: $after) { id attemptNumber responseBody } }";
/** Sorts before every attempt id: a resume from the very beginning. */
const BEGINNING = "att_0";

let servers: TestServers;
let herald: HeraldProcess;
let db: Database;
let base: string;
let url: string;

beforeAll(async () => {
  servers = await startTestServers();
  herald = await spawnHerald(servers, { ...PRODUCTION_ENV, HERALD_ROLE: "api", METRICS_TOKEN });
  db = connectDatabase(servers.databaseUrl, { max: 2 });
  base = `http://127.0.0.1:${herald.port}`;
  url = `${base}/graphql`;
});

afterAll(async () => {
  await herald?.kill();
  await db?.close();
  await servers?.stop();
});

/** A tenant with one endpoint and `count` recorded attempts (bodies of `bodyBytes`), oldest first. */
async function tenantWithAttempts(name: string, count: number, bodyBytes = 64): Promise<{ tenant: TestOrg; attemptIds: string[] }> {
  const tenant = await createTestOrg(url, name);
  const { createEndpoint } = await tenant.client.request(CreateEndpointDocument, { input: { url: "http://127.0.0.1:9/hook", eventTypes: ["*"] } });
  const event = await storeEvent(db.prisma, tenant.id);
  const deliveryId = await storeDelivery(db.prisma, tenant.id, createEndpoint.id, event.id, "FAILED");
  const attemptIds = Array.from({ length: count }, () => newId("att"));
  await db.prisma.deliveryAttempt.createMany({
    data: attemptIds.map((id, i) => ({
      id,
      deliveryId,
      organizationId: tenant.id,
      endpointId: createEndpoint.id,
      eventId: event.id,
      attemptNumber: i + 1,
      trigger: "RETRY" as const,
      responseStatus: 503,
      responseBody: "x".repeat(bodyBytes),
      durationMs: 5,
    })),
  });
  return { tenant, attemptIds };
}

async function activeSubscriptions(): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return Number(/^herald_subscriptions_active (\S+)$/m.exec(text)?.[1]);
}

describe("live-feed caps", () => {
  /** One connection sends 1,000 resume frames: what each operation got. */
  async function flood(token: string, attempts: number) {
    const live = await RawLive.connect(url, token);
    expect(live.acked).toBe(true);
    for (let i = 0; i < 1_000; i++) live.subscribe(`s${i}`, RESUME, { after: BEGINNING });
    const ops = [...live.operations.values()];
    await eventually("every frame answered", () => ops.every((op) => op.errors.length > 0 || op.next.length === attempts), 30_000);
    return { live, replayed: ops.filter((op) => op.next.length === attempts && op.errors.length === 0), refused: ops.filter((op) => op.errors.length > 0) };
  }

  it("refuses subscriptions past 100 on one connection with RATE_LIMITED; /healthz stays fast, memory settles, others are served", async () => {
    const attacker = await tenantWithAttempts("Flood", 200, 256);
    const bystander = await tenantWithAttempts("Bystander", 5);
    // A first flood brings the process to its working size (code paths compiled, heap grown):
    // what must not happen is memory growing with each flood, or staying held after one.
    const first = await flood(attacker.tenant.token, 200);
    await first.live.close();
    await eventually("subscriptions released", async () => (await activeSubscriptions()) === 0);
    const rssBefore = rssMb(herald.child.pid!);
    const probes = probeHealth(base);

    const { live, replayed, refused } = await flood(attacker.tenant.token, 200);
    const other = await RawLive.connect(url, bystander.tenant.token);
    other.subscribe("mine", RESUME, { after: BEGINNING });
    await eventually("the bystander's replay", () => other.operations.get("mine")!.next.length === 5);
    const latencies = await probes.stop();

    await live.close();
    await other.close();
    await eventually("subscriptions released", async () => (await activeSubscriptions()) === 0);
    const rssAfter = await rssSettles(herald.child.pid!, rssBefore, 50);
    console.log(
      `[abuse] live feeds: ${replayed.length} subscriptions replayed, ${refused.length} refused; /healthz median ` +
        `${median(latencies).toFixed(1)} ms over ${latencies.length} probes; RSS ${rssBefore.toFixed(0)} -> ${rssAfter.toFixed(0)} MB`,
    );
    for (const round of [first, { replayed, refused }]) {
      expect(round.replayed).toHaveLength(100);
      expect(round.refused).toHaveLength(900);
    }
    for (const op of refused) {
      expect(op.errors[0]!.extensions?.code).toBe("RATE_LIMITED");
      expect(op.errors[0]!.message).toMatch(/100 operations.*complete one first, or open another connection/);
    }
    expect(other.operations.get("mine")!.next.map((n: any) => n.deliveryAttempts.id)).toEqual(bystander.attemptIds);
    expect(median(latencies)).toBeLessThan(100);
    expect(rssAfter - rssBefore).toBeLessThan(50);
  });

  it("closes connections past 100 per API key with 1013, and not another key's", async () => {
    const { tenant } = await tenantWithAttempts("Many sockets", 0);
    // Probed through the burst of handshakes and for a second while the 100 stay open: a median
    // of the two or three probes the burst alone spans would be one probe's luck.
    const probes = probeHealth(base, 50);
    const sockets = await Promise.all(Array.from({ length: 110 }, () => RawLive.connect(url, tenant.token)));
    const accepted = sockets.filter((s) => s.acked);
    const rejected = sockets.filter((s) => !s.acked);
    expect(accepted).toHaveLength(100);
    expect(rejected).toHaveLength(10);
    for (const s of rejected) {
      const close = await s.closed;
      expect(close.code).toBe(1013);
      expect(close.reason).toMatch(/too many connections for this API key \(at most 100/);
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const latencies = await probes.stop();
    expect(latencies.length).toBeGreaterThan(5);
    expect(median(latencies)).toBeLessThan(100);

    const { createApiKey } = await tenant.client.request(CreateApiKeyDocument, { input: { name: "second" } });
    const secondKey = await RawLive.connect(url, createApiKey.token);
    expect(secondKey.acked).toBe(true);
    // A closed connection frees its place.
    await accepted[0]!.close();
    const again = await eventually("a place again", async () => {
      const s = await RawLive.connect(url, tenant.token);
      return s.acked ? s : undefined;
    });
    expect(again.acked).toBe(true);
    await Promise.all([...accepted.slice(1), secondKey, again].map((s) => s.close()));
  });

  it("refuses a resume from more than 1,000 attempts back, saying how to catch up, and replays one within it", async () => {
    const { tenant, attemptIds } = await tenantWithAttempts("Far behind", 1_001);
    const live = await RawLive.connect(url, tenant.token);
    live.subscribe("too-far", RESUME, { after: BEGINNING });
    live.subscribe("within", RESUME, { after: attemptIds[0] });
    const tooFar = live.operations.get("too-far")!;
    const within = live.operations.get("within")!;
    await eventually("the refusal", () => tooFar.errors.length > 0);
    await eventually("the replay", () => within.next.length === 1_000);

    expect(tooFar.next).toEqual([]);
    const error = tooFar.errors[0]!;
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.extensions?.issues).toEqual([{ path: ["after"], message: expect.stringMatching(/more than 1000 attempts .*paging `deliveries`.*`after`/) }]);
    expect(within.errors).toEqual([]);
    expect(within.next.map((n: any) => n.deliveryAttempts.id)).toEqual(attemptIds.slice(1));
    await live.close();
  });

  it("reads at most MAX_REPLAY_ATTEMPTS + 1 rows, in one statement, to refuse or replay a resume", async () => {
    const { tenant, attemptIds } = await tenantWithAttempts("Pinned", 30);
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: servers.databaseUrl }), log: [{ emit: "event", level: "query" }] });
    const statements: { query: string; params: string }[] = [];
    prisma.$on("query", (e) => statements.push({ query: e.query, params: e.params }));
    const realtime = createRealtimeBus(undefined);
    // The feed's own parts, on a Prisma client that reports its statements.
    const services = { db: { prisma }, realtime } as unknown as Services;
    try {
      await expect(resumedAttemptFeed(services, tenant.id, { after: BEGINNING }, { maxReplay: 10 })).rejects.toBeInstanceOf(ReplayTooLargeError);
      const feed = await resumedAttemptFeed(services, tenant.id, { after: attemptIds[19]! }, { maxReplay: 10 });
      const replayed: string[] = [];
      for (let i = 0; i < 10; i++) replayed.push((await feed.next()).value.id);
      await feed.return!();
      expect(replayed).toEqual(attemptIds.slice(20));
    } finally {
      await prisma.$disconnect();
      await realtime.close();
    }
    const reads = statements.filter((s) => /delivery_attempts/.test(s.query));
    expect(reads).toHaveLength(2);
    for (const read of reads) {
      const limit = /LIMIT \$(\d+)/.exec(read.query);
      expect(limit, read.query).not.toBeNull();
      expect(Number((JSON.parse(read.params) as unknown[])[Number(limit![1]) - 1])).toBe(11);
    }
  });
});
