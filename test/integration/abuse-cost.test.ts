import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromClients, postGraphQL, probeWhile, settledRssMb } from "../harness/attack.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { PRODUCTION_ENV } from "../harness/env.ts";

// Issue 15, row 5: the cost limit ignored `first`: ten aliases of `events(first:100){…payload}`
// returned 200 MB in 14.7 s, and a batch of 10 operations × 12 aliases was accepted. Cost now
// counts list sizes and heavy fields, a request's operations are counted together, and a
// response over 16 MiB is refused.

let cp: ControlPlane;
let big: TestOrg;
let empty: TestOrg;
const EVENTS = 120;
const PAYLOAD_BYTES = 200_000;

beforeAll(async () => {
  cp = await startControlPlane(PRODUCTION_ENV);
  big = await createTestOrg(cp, "Big events");
  empty = await createTestOrg(cp, "No events");
  const payload = new Uint8Array(Buffer.from(JSON.stringify({ data: { pad: "x".repeat(PAYLOAD_BYTES) } })));
  for (let chunk = 0; chunk < EVENTS; chunk += 20) {
    await cp.herald.services.db.prisma.event.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({ organizationId: big.id, id: `evt_${chunk + i}`, type: "order.created", timestamp: new Date(), payload })),
    });
  }
});

afterAll(async () => {
  await cp?.stop();
});

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
const payloads = (first: number) => `events(first: ${first}) { edges { node { id payload } } }`;

describe("query cost", () => {
  it("refuses ten aliases of 100 payloads before running them, and stays responsive meanwhile", async () => {
    const query = aliases(10, payloads(100));
    const rssBefore = await settledRssMb();
    const { result, health } = await probeWhile(
      cp.herald.port,
      fromClients(2, 10, () => postGraphQL(cp.herald.port, big.token, { query })),
    );
    for (const { json } of result) {
      expect(json.data ?? null).toBeNull();
      expect(json.errors[0].extensions).toMatchObject({ code: "QUERY_TOO_COSTLY", limit: "maxCost", max: 10_000 });
      expect(json.errors[0].extensions.cost).toBeGreaterThan(10_000);
      expect(json.errors[0].message).toMatch(/query cost \d+ exceeds the limit of 10000/);
    }
    console.log(`20 × ten aliases of 100 payloads: /healthz median ${health.medianMs.toFixed(1)} ms over ${health.probes} probes`);
    expect(health.medianMs).toBeLessThan(100);
    expect((await settledRssMb()) - rssBefore).toBeLessThan(50);
  });

  it("measures the cost with the variables of each call, not once per document", async () => {
    const query = `query ($n: Int) ${aliases(30, "events(first: $n) { edges { node { id payload } } }")}`;
    const cheap = await postGraphQL(cp.herald.port, empty.token, { query, variables: { n: 1 } });
    expect(cheap.json.errors).toBeUndefined();
    const costly = await postGraphQL(cp.herald.port, empty.token, { query, variables: { n: 100 } });
    expect(costly.json.errors[0].extensions).toMatchObject({ code: "QUERY_TOO_COSTLY", limit: "maxCost" });
  });

  it("counts a batch's operations together: the ones past the request's budget are refused", async () => {
    const batch = Array.from({ length: 10 }, () => ({ query: aliases(12, payloads(15)) }));
    const { json } = await postGraphQL(cp.herald.port, empty.token, batch);
    expect(json).toHaveLength(10);
    const accepted = json.filter((r: any) => r.data);
    const refused = json.filter((r: any) => !r.data);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    // In order: once the budget is spent, every later operation is refused.
    expect(json.findIndex((r: any) => !r.data)).toBe(accepted.length);
    for (const r of refused) expect(r.errors[0].extensions).toMatchObject({ code: "QUERY_TOO_COSTLY", limit: "maxRequestCost", max: 20_000 });
  });

  it("refuses a response over 16 MiB with a typed error, and serves a reasonable page", async () => {
    const { json } = await postGraphQL(cp.herald.port, big.token, { query: `{ ${payloads(100)} }` });
    expect(json.data ?? null).toBeNull();
    expect(json.errors[0].extensions).toMatchObject({ code: "RESPONSE_TOO_LARGE", limit: "maxResponseBytes", max: 16 * 1024 * 1024 });
    const page = await postGraphQL(cp.herald.port, big.token, { query: `{ ${payloads(20)} }` });
    expect(page.json.errors).toBeUndefined();
    expect(page.json.data.events.edges).toHaveLength(20);
    expect(page.json.data.events.edges.every((e: any) => e.node.payload.length > PAYLOAD_BYTES)).toBe(true);
  });
});
