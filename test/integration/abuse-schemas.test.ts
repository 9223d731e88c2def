import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/rules/ids.ts";
import { SCHEMA_LIMITS } from "../../src/rules/event-schemas.ts";
import type { RunningHerald } from "../../src/app/herald.ts";
import { CreateEventTypeDocument, PublishEventDocument } from "../generated/graphql.ts";
import { produce } from "../harness/fixtures.ts";
import type { GraphQLClient } from "../harness/graphql-client.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { orgWithEndpoints } from "../harness/load.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { printTally, tallyReceipts } from "../harness/tally.ts";
import { eventually } from "../harness/wait.ts";

// Issue 15 rows 1 and 2: a tenant's JSON Schema is untrusted code. It must not freeze the
// process (ReDoS), cost unbounded time or memory to compile, reach another tenant's schema,
// or, once stored, hold other tenants' events hostage in ingest.
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let base: string;

beforeAll(async () => {
  stack = await startHeraldStack();
  ({ herald, receiver } = stack);
  base = `http://127.0.0.1:${herald.port}`;
});

afterAll(async () => {
  await stack?.stop();
});

/** Probes /healthz every 25 ms until stopped; resolves with each probe's duration. */
function probeHealth(): { stop(): Promise<number[]> } {
  const durations: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      durations.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  // Surfaced by stop(); until then a failed probe must not be an unhandled rejection.
  loop.catch(() => {});
  return {
    async stop() {
      running = false;
      await loop;
      return durations;
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Creates an event type that must be refused, and returns the single issue's message. */
async function refusedSchema(client: GraphQLClient, name: string, schema: unknown): Promise<string> {
  const error = await client.fail("BAD_USER_INPUT", CreateEventTypeDocument, { input: { name, schema } });
  expect(error.extensions?.issues?.map((i) => i.path)).toEqual([["input", "schema"]]);
  return error.extensions!.issues![0]!.message;
}

const REDOS = { type: "object", properties: { s: { type: "string", pattern: "^(a|a)*$" } } };
const EVIL = "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!";

describe("a ReDoS pattern (issue 15 row 1)", () => {
  it("is a plain mismatch: /healthz stays fast and the other tenant's events are all delivered", async () => {
    const attacker = await orgWithEndpoints(base, [receiver.url("/redos-attacker")]);
    const victim = await orgWithEndpoints(base, [receiver.url("/redos-victim")]);
    await attacker.client.request(CreateEventTypeDocument, { input: { name: "redos.test", schema: REDOS } });
    // The victim uses the same schema: its events with ordinary data must pass.
    await victim.client.request(CreateEventTypeDocument, { input: { name: "redos.test", schema: REDOS } });

    const health = probeHealth();
    const started = performance.now();
    const refused = await attacker.client.fail("BAD_USER_INPUT", PublishEventDocument, { input: { type: "redos.test", data: { s: EVIL } } });
    const publishMs = performance.now() - started;
    // Straight to NATS as well, as a producer would, past the API's check.
    const hostile = Array.from({ length: 20 }, (_, i) => `evil${i}`);
    const ids = Array.from({ length: 100 }, (_, i) => `ok${i}`);
    await Promise.all([
      ...hostile.map((id) => produce(herald.services, attacker.id, { id, type: "redos.test", data: { s: EVIL } })),
      ...ids.map((id) => produce(herald.services, victim.id, { id, type: "redos.test", data: { s: "aaaa" } })),
    ]);
    await eventually("every victim event delivered", () => tallyReceipts(receiver, ["/redos-victim"], ids).lost === 0, 30_000).catch(() => undefined);
    const rejected = await eventually("the attacker's events rejected", async () => {
      const rows = await herald.services.db.prisma.rejectedMessage.findMany({ where: { organizationId: attacker.id } });
      return rows.length >= hostile.length ? rows : undefined;
    });
    const durations = await health.stop();

    const tally = tallyReceipts(receiver, ["/redos-victim"], ids);
    printTally(
      `ReDoS pattern ^(a|a)*$ with ${EVIL.length}-char data: publishEvent refused in ${Math.round(publishMs)} ms, /healthz median ${median(durations).toFixed(1)} ms over ${durations.length} probes`,
      tally,
    );
    expect(refused.extensions?.issues?.[0]).toMatchObject({ path: ["input", "data"], message: expect.stringMatching(/\/s must match pattern/) });
    expect(tally.lost).toBe(0);
    expect(await herald.services.db.prisma.event.count({ where: { organizationId: victim.id } })).toBe(ids.length);
    expect(rejected).toHaveLength(hostile.length);
    for (const r of rejected) expect(r.reason).toMatch(/must match pattern/);
    expect(receiver.on("/redos-attacker")).toHaveLength(0);
    expect(durations.length).toBeGreaterThan(3);
    expect(median(durations)).toBeLessThan(100);
  });
});

/** The largest schema the limits allow: subschemas and bytes both at their caps. */
function largestAllowedSchema(seed: number) {
  const properties: Record<string, unknown> = {};
  const count = SCHEMA_LIMITS.subschemas - 1;
  const padding = Math.floor(SCHEMA_LIMITS.bytes / count) - 80;
  for (let i = 0; i < count; i++) properties[`p${seed}_${i}`] = { type: "string", maxLength: 100, description: "d".repeat(padding) };
  return { type: "object", properties };
}

/** The schema of issue 15: 3,000 properties, 137 KB; the shared Ajv took ~6 s to compile it and kept it. */
const issueSchema = (seed: number) => ({
  type: "object",
  properties: Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`p${seed}_${i}`, { type: "string", description: "x".repeat(8) }])),
});

describe("schema size and complexity caps", () => {
  it("refuses each oversize or costly schema with BAD_USER_INPUT naming the limit", async () => {
    const { client } = await orgWithEndpoints(base, []);
    const many = { type: "object", properties: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`p${i}`, { type: "string" }])) };
    const deep = JSON.parse(`${'{"items":'.repeat(40)}{}${"}".repeat(40)}`);
    const cases: [string, unknown, RegExp][] = [
      ["137 KB, 3,000 properties", issueSchema(0), /over the limit of 65536/],
      ["300 subschemas", many, /more than 256 subschemas/],
      ["nested 40 deep", deep, /nests more than 32 levels deep/],
      ["a costly pattern", { pattern: "[a-z]{1000}" }, /over the limit of 200/],
      ["a backreference", { pattern: "(a+)\\1" }, /not supported \(RE2 syntax/],
      ["uniqueItems unbounded", { type: "array", uniqueItems: true }, /needs maxItems of at most 256/],
      ["a 1,000-value enum", { enum: Array.from({ length: 1_000 }, (_, i) => i) }, /over the limit of 256/],
    ];
    for (const [name, schema, reason] of cases) expect(await refusedSchema(client, `cap.${name.replace(/[^a-z0-9]/gi, "")}`, schema), name).toMatch(reason);
  });

  it("takes 100 of issue 15's 137 KB schemas and 100 of the largest allowed with /healthz fast and the heap back within 50 MB", async () => {
    const { client } = await orgWithEndpoints(base, []);
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const first = largestAllowedSchema(0);
    expect(JSON.stringify(first).length).toBeGreaterThan(SCHEMA_LIMITS.bytes * 0.9);
    for (let i = 0; i < 5; i++) await client.request(CreateEventTypeDocument, { input: { name: `big.warmup${i}`, schema: largestAllowedSchema(1_000 + i) } });
    gc();
    const before = process.memoryUsage();
    const health = probeHealth();
    const started = performance.now();
    let durations: number[];
    try {
      for (let i = 1; i <= 100; i++) expect(await refusedSchema(client, `huge.n${i}`, issueSchema(i))).toMatch(/over the limit of 65536/);
      for (let i = 1; i <= 100; i++) await client.request(CreateEventTypeDocument, { input: { name: `big.n${i}`, schema: largestAllowedSchema(i) } });
    } finally {
      durations = await health.stop();
    }
    const perCreate = (performance.now() - started) / 200;
    gc();
    const after = process.memoryUsage();
    const mb = (k: "heapUsed" | "rss") => (after[k] - before[k]) / 2 ** 20;
    // Retained memory is the heap in use after a full collection; RSS also keeps what V8 and
    // malloc sized up for the burst (high-water, not retained objects), so it is reported only.
    console.log(
      `[abuse] schemas: 100 creates of a ${JSON.stringify(issueSchema(0)).length}-byte schema (refused), 100 of a ${JSON.stringify(first).length}-byte, ${SCHEMA_LIMITS.subschemas}-subschema one, ${perCreate.toFixed(0)} ms each; /healthz median ${median(durations).toFixed(1)} ms; heap in use +${mb("heapUsed").toFixed(1)} MB, RSS +${mb("rss").toFixed(1)} MB (test and Herald together)`,
    );
    expect(median(durations)).toBeLessThan(100);
    expect(mb("heapUsed")).toBeLessThan(50);
  });
});

describe("cross-tenant $id and $ref (issue 15 row 2)", () => {
  it("refuses $id and every non-local $ref: the poison sequence cannot be created", async () => {
    const a = await orgWithEndpoints(base, []);
    const b = await orgWithEndpoints(base, []);
    expect(await refusedSchema(a.client, "account", { $id: "urn:acme:account", type: "object" })).toMatch(/\$id at # is not allowed/);
    expect(await refusedSchema(b.client, "guess", { $ref: "urn:acme:account" })).toMatch(/\$ref at # must be local/);
    expect(await refusedSchema(b.client, "sq.base", { $id: "urn:b:base" })).toMatch(/\$id/);
    expect(await refusedSchema(b.client, "sq.ref", { $ref: "urn:b:base" })).toMatch(/must be local/);
    expect(await refusedSchema(b.client, "nested", { properties: { x: { $ref: "https://example.com/s.json#" } } })).toMatch(
      /\$ref at #\/properties\/x must be local/,
    );
    // A local $ref is fine.
    const ok = await b.client.request(CreateEventTypeDocument, {
      input: { name: "local.ref", schema: { definitions: { m: { type: "string" } }, properties: { total: { $ref: "#/definitions/m" } } } },
    });
    expect(ok.createEventType.name).toBe("local.ref");
  });

  it("a schema stored before these rules rejects only its own events; others in the same burst are all delivered", async () => {
    const poisoner = await orgWithEndpoints(base, [receiver.url("/poisoner")]);
    const victim = await orgWithEndpoints(base, [receiver.url("/poison-victim")]);
    // As stored by the old code, which accepted both: the second refers to the first's $id.
    for (const [name, schema] of [
      ["sq.base", { $id: "urn:b:base", type: "object" }],
      ["sq.ref", { $ref: "urn:b:base" }],
    ] as const) {
      await herald.services.db.pool.query(`INSERT INTO event_types (id, organization_id, name, schema) VALUES ($1, $2, $3, $4)`, [
        newId("et"),
        poisoner.id,
        name,
        JSON.stringify(schema),
      ]);
    }
    const poison = Array.from({ length: 20 }, (_, i) => `sq${i}`);
    const ids = Array.from({ length: 200 }, (_, i) => `burst${i}`);
    const started = Date.now();
    // Interleaved, so that poison and good events share batches.
    await Promise.all(
      ids.map(async (id, i) => {
        await produce(herald.services, victim.id, { id, type: "order.created" });
        if (i % 10 === 0) await produce(herald.services, poisoner.id, { id: poison[i / 10]!, type: "sq.ref" });
      }),
    );
    await eventually("every victim event delivered", () => tallyReceipts(receiver, ["/poison-victim"], ids).lost === 0, 30_000).catch(() => undefined);
    const rejected = await eventually(
      "the poison rejected",
      async () => {
        const rows = await herald.services.db.prisma.rejectedMessage.findMany({ where: { organizationId: poisoner.id } });
        return rows.length >= poison.length ? rows : undefined;
      },
      15_000,
    );
    const tally = tallyReceipts(receiver, ["/poison-victim"], ids);
    printTally(
      `${poison.length} events of a stored schema with a cross-schema $ref, in a burst of ${ids.length} from another tenant (${Date.now() - started} ms)`,
      tally,
    );
    expect(tally.lost).toBe(0);
    expect(await herald.services.db.prisma.event.count({ where: { organizationId: victim.id } })).toBe(ids.length);
    expect(rejected).toHaveLength(poison.length);
    for (const r of rejected) expect(r.reason).toMatch(/schema cannot be used: it \$ref at # must be local/);
    expect(await herald.services.db.prisma.event.count({ where: { organizationId: poisoner.id } })).toBe(0);
    // Terminated, not left to come back: the stream empties.
    await eventually("EVENTS stream emptied", async () => (await herald.services.nats.jsm.streams.info("EVENTS")).state.messages === 0);
  });
});
