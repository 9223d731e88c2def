import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postGraphQL } from "../harness/attack.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { createEndpoint } from "../harness/fixtures.ts";
import { storeDelivery, storeEvent } from "../harness/seed.ts";
import { capturedStatements } from "../harness/sql-capture.ts";

// Issue 17: what a typical page costs in SQL, pinned. Each list and each relation under it
// is one statement for all of its parents, so the count does not grow with the page: a
// larger count here is an N+1.

let cp: ControlPlane;
let org: TestOrg;
const DELIVERIES = 24;
const ATTEMPTS = 3;

beforeAll(async () => {
  cp = await startControlPlane();
  org = await createTestOrg(cp, "Counted");
  const prisma = cp.herald.services.db.prisma;
  const endpoints = await Promise.all([1, 2, 3].map((n) => createEndpoint(cp.herald.services, org.id, { url: `http://127.0.0.1:9/${n}` })));
  for (let i = 0; i < DELIVERIES; i++) {
    const event = await storeEvent(prisma, org.id, { data: { i } });
    await storeDelivery(prisma, org.id, endpoints[i % endpoints.length]!.id, event.id, i % 4 ? "SUCCEEDED" : "FAILED", ATTEMPTS);
  }
});

afterAll(async () => {
  await cp?.stop();
});

/** The tables `query` reads, one entry per statement, in the order they were sent; the data it answered. */
async function tablesRead(query: string): Promise<{ tables: string[]; data: any }> {
  let json: any;
  const statements = await capturedStatements(cp.herald.services.db.pool, async () => {
    json = (await postGraphQL(cp.herald.port, org.token, { query })).json;
  });
  expect(json.errors).toBeUndefined();
  return { tables: statements.map((sql) => /FROM "public"\."(\w+)"/.exec(sql)?.[1] ?? sql), data: json.data };
}

const deliveriesPage = (first: number) => `{
  deliveries(first: ${first}) {
    edges { node { id status endpoint { id url } event { id type } attempts(first: 5) { edges { node { id responseStatus } } } } }
  }
}`;

const endpointsPage = (first: number) => `{
  endpoints(first: ${first}) {
    edges { node { id stats { succeeded failed } deliveries(first: 4) { edges { node { id attempts(first: 2) { edges { node { id } } } } } } } }
  }
}`;

describe("SQL statements per page", () => {
  it("reads a page of deliveries with endpoint, event and attempts in five statements, whatever its size", async () => {
    for (const first of [5, 20]) {
      const { tables, data } = await tablesRead(deliveriesPage(first));
      const nodes = data.deliveries.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(first);
      expect(nodes.every((n: any) => n.endpoint.id && n.event.id && n.attempts.edges.length === ATTEMPTS)).toBe(true);
      // The caller's API key, then one statement per table.
      expect(tables, `first: ${first}`).toEqual(["api_keys", "deliveries", "endpoints", "events", "delivery_attempts"]);
    }
  });

  it("reads endpoints with their stats and nested deliveries and attempts in five statements, whatever their number", async () => {
    for (const first of [1, 3]) {
      const { tables, data } = await tablesRead(endpointsPage(first));
      const nodes = data.endpoints.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(first);
      expect(nodes.every((n: any) => n.stats.succeeded + n.stats.failed === DELIVERIES / 3 && n.deliveries.edges.length === 4)).toBe(true);
      // Stats and the deliveries under the endpoints are loaded side by side: their order is not pinned.
      expect([...tables].sort(), `first: ${first}`).toEqual(["api_keys", "deliveries", "deliveries", "delivery_attempts", "endpoints"]);
    }
  });
});
