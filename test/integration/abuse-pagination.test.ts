import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/rules/ids.ts";
import { fromClients, postGraphQL, probeWhile, settledRssMb } from "../harness/attack.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { PRODUCTION_ENV } from "../harness/env.ts";
import { createEndpoint } from "../harness/fixtures.ts";
import { storeDelivery } from "../harness/seed.ts";
import { capturedStatements } from "../harness/sql-capture.ts";

// Issue 15, row 4: `events(first:1, after:)` read every older event of the organization with
// no LIMIT (payloads included); nested lists read every child of every parent. Row 9:
// replayEvents over more than 1,000 deliveries failed on its second page and re-queued the
// same deliveries when called again.

let cp: ControlPlane;
let org: TestOrg;
const EVENTS = 800;
const PAYLOAD = "x".repeat(8_000);

const prisma = () => cp.herald.services.db.prisma;
const gql = async (query: string) => (await postGraphQL(cp.herald.port, org.token, { query })).json;

beforeAll(async () => {
  cp = await startControlPlane(PRODUCTION_ENV);
  org = await createTestOrg(cp);
  const base = Date.now() - 3_600_000;
  await prisma().event.createMany({
    data: Array.from({ length: EVENTS }, (_, i) => ({
      organizationId: org.id,
      id: `evt_${String(i).padStart(5, "0")}`,
      type: "order.created",
      timestamp: new Date(base),
      payload: new Uint8Array(Buffer.from(JSON.stringify({ id: i, data: { pad: PAYLOAD } }))),
      // Runs of ten events share a createdAt: the id must break the tie.
      createdAt: new Date(base + Math.floor(i / 10) * 1_000),
    })),
  });
});

afterAll(async () => {
  await cp?.stop();
});

/** The SQL statements (other than authentication's) that `run` issued. */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const statements = await capturedStatements(cp.herald.services.db.pool, run);
  return statements.filter((sql) => !/FROM "public"\."api_keys"/.test(sql) || /ORDER BY/.test(sql));
}

const cursorAt = async (n: number) => {
  const page = await gql(`{ events(first: ${n}) { edges { cursor node { id } } } }`);
  return page.data.events.edges[n - 1].cursor as string;
};

describe("keyset pagination", () => {
  it("reads a page at a deep cursor with one LIMITed statement", async () => {
    const cursor = await cursorAt(2);
    let page: any;
    const sql = await statementsOf(async () => (page = await gql(`{ events(first: 1, after: "${cursor}") { edges { node { id } } } }`)));
    expect(page.data.events.edges.map((e: any) => e.node.id)).toEqual([`evt_${String(EVENTS - 3).padStart(5, "0")}`]);
    expect(sql, sql.join("\n")).toHaveLength(1);
    expect(sql[0]).toMatch(/FROM "public"\."events"/);
    expect(sql[0]).toMatch(/\bLIMIT\b/);
  });

  it("gives every list, nested ones included, one LIMITed statement per table", async () => {
    const ep = await createEndpoint(cp.herald.services, org.id, { url: "http://127.0.0.1:9/hook" });
    const deliveries: string[] = [];
    for (let i = 0; i < 4; i++) deliveries.push(await storeDelivery(prisma(), org.id, ep.id, `evt_${String(i).padStart(5, "0")}`, "FAILED", 3));
    await prisma().rejectedMessage.create({
      data: { id: newId("rej"), organizationId: org.id, subject: "s", reason: "r", excerpt: new Uint8Array(1), size: 1 },
    });
    const after = (id: string) => Buffer.from(JSON.stringify([id])).toString("base64url");
    const queries: [string, string[]][] = [
      [`{ deliveries(first: 1, after: "${after(deliveries[3]!)}") { edges { node { id } } } }`, ["deliveries"]],
      [`{ endpoints(first: 1, after: "${after("ep_zzzz")}") { edges { node { id } } } }`, ["endpoints"]],
      [`{ apiKeys(first: 1, after: "${after("key_zzzz")}") { edges { node { id } } } }`, ["api_keys"]],
      [`{ rejectedMessages(first: 1, after: "${after("rej_zzzz")}") { edges { node { id } } } }`, ["rejected_messages"]],
      [
        `{ endpoints(first: 5) { edges { node { deliveries(first: 2, after: "${after(deliveries[3]!)}") { edges { node { attempts(first: 2) { edges { node { id } } } } } } } } } }`,
        ["endpoints", "deliveries", "delivery_attempts"],
      ],
      [`{ events(first: 3) { edges { node { deliveries(first: 1) { edges { node { id } } } } } } }`, ["events", "deliveries"]],
      [`{ eventTypes(first: 2, after: "a") { name } }`, ["event_types"]],
    ];
    for (const [query, tables] of queries) {
      let answer: any;
      const sql = await statementsOf(async () => (answer = await gql(query)));
      expect(answer.errors, query).toBeUndefined();
      expect(
        sql.map((s) => /FROM "public"\."(\w+)"/.exec(s)?.[1]),
        query,
      ).toEqual(tables);
      for (const s of sql) expect(s, query).toMatch(/\bLIMIT\b/);
    }
  });

  it("pages event types by name, at most 500 at a time", async () => {
    await prisma().eventType.createMany({ data: ["c.x", "a.x", "b.x"].map((name) => ({ id: newId("et"), organizationId: org.id, name })) });
    const names = async (args: string) => (await gql(`{ eventTypes(${args}) { name } }`)).data.eventTypes.map((t: any) => t.name);
    expect(await names("first: 2")).toEqual(["a.x", "b.x"]);
    expect(await names('first: 2, after: "b.x"')).toEqual(["c.x"]);
    const tooMany = await gql("{ eventTypes(first: 501) { name } }");
    expect(tooMany.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", issues: [{ path: ["first"] }] });
  });

  it("pages forward and backward through ties without skipping or repeating an event", async () => {
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await gql(
        `{ events(first: 97${after ? `, after: "${after}"` : ""}) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
      );
      forward.push(...page.data.events.edges.map((e: any) => e.node.id));
      if (!page.data.events.pageInfo.hasNextPage) break;
      after = page.data.events.pageInfo.endCursor;
    }
    const expected = Array.from({ length: EVENTS }, (_, i) => `evt_${String(EVENTS - 1 - i).padStart(5, "0")}`);
    expect(forward).toEqual(expected);
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: any = await gql(
        `{ events(last: 89${before ? `, before: "${before}"` : ""}) { edges { node { id } } pageInfo { hasPreviousPage startCursor } } }`,
      );
      backward.unshift(...page.data.events.edges.map((e: any) => e.node.id));
      if (!page.data.events.pageInfo.hasPreviousPage) break;
      before = page.data.events.pageInfo.startCursor;
    }
    expect(backward).toEqual(expected);
  });

  it("stays responsive under ten aliases of a deep-cursor page, repeated, and memory settles", async () => {
    const cursor = await cursorAt(1);
    const query = `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: events(first: 1, after: "${cursor}") { edges { node { id payload } } }`).join(" ")} }`;
    const rssBefore = await settledRssMb();
    const { result, health } = await probeWhile(
      cp.herald.port,
      fromClients(2, 10, () => gql(query)),
    );
    for (const answer of result) {
      expect(answer.errors).toBeUndefined();
      expect(Object.values(answer.data).every((c: any) => c.edges.length === 1 && c.edges[0].node.payload.length > PAYLOAD.length)).toBe(true);
    }
    console.log(`2 clients × 10 × 10 deep-cursor pages: /healthz median ${health.medianMs.toFixed(1)} ms over ${health.probes} probes`);
    expect(health.medianMs).toBeLessThan(100);
    expect((await settledRssMb()) - rssBefore).toBeLessThan(50);
  });
});

describe("replayEvents", () => {
  it("re-queues more than a page of failed deliveries once, and not again while they are pending", async () => {
    const ep = await createEndpoint(cp.herald.services, org.id, { url: "http://127.0.0.1:9/replay" });
    const since = new Date(Date.now() - 1_000).toISOString();
    const n = 1_005;
    const events = Array.from({ length: n }, () => newId("evt"));
    await prisma().event.createMany({
      data: events.map((id) => ({ organizationId: org.id, id, type: "order.created", timestamp: new Date(), payload: new Uint8Array(Buffer.from("{}")) })),
    });
    const ids = events.map(() => newId("dlv"));
    await prisma().delivery.createMany({
      data: ids.map((id, i) => ({
        id,
        organizationId: org.id,
        endpointId: ep.id,
        eventId: events[i]!,
        eventType: "order.created",
        status: "FAILED" as const,
        runId: id,
      })),
    });
    const replay = (onlyFailed = true) => gql(`mutation { replayEvents(endpointId: "${ep.id}", since: "${since}", onlyFailed: ${onlyFailed}) { count } }`);

    const first = await replay();
    expect(first.errors).toBeUndefined();
    expect(first.data.replayEvents.count).toBe(n);
    expect(await prisma().delivery.count({ where: { endpointId: ep.id, status: "PENDING", runTrigger: "REPLAY" } })).toBe(n);

    // Nothing has finished (no worker runs here): a second call, even of every status, queues nothing.
    expect((await replay()).data.replayEvents.count).toBe(0);
    expect((await replay(false)).data.replayEvents.count).toBe(0);

    // Once some finish, failed again, those (and only those) can be replayed again.
    const finished = [ids[3]!, ids[1_002]!];
    await prisma().delivery.updateMany({ where: { id: { in: finished } }, data: { status: "FAILED" } });
    expect((await replay()).data.replayEvents.count).toBe(finished.length);
  });
});
