import type { GraphQLArgument, GraphQLField, GraphQLInputType, GraphQLNamedType, GraphQLObjectType, GraphQLType } from "graphql";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/graphql/schema/index.ts";
import { postGraphQL, probeWhile } from "../harness/attack.ts";
import { createTestOrg, startControlPlane, type ControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { PRODUCTION_ENV, TEST_ADMIN_TOKEN } from "../harness/env.ts";
import { createEndpoint } from "../harness/fixtures.ts";
import { LiveClient } from "../harness/graphql-client.ts";
import { storeDelivery, storeEvent } from "../harness/seed.ts";

// Issue 15, row 10: a NUL in an id argument (`{delivery(id:"a\u0000b"){id}}`) or a crafted
// cursor gave INTERNAL_SERVER_ERROR. Every ID argument of every operation, and every cursor
// of every list, is found by walking the schema, so a new one is covered without editing
// this file: a malformed value is BAD_USER_INPUT naming the argument, and a well-formed id
// that names nothing is NOT_FOUND.

let cp: ControlPlane;
let org: TestOrg;

beforeAll(async () => {
  cp = await startControlPlane(PRODUCTION_ENV);
  org = await createTestOrg(cp);
  // A parent for each nested list.
  const ep = await createEndpoint(cp.herald.services, org.id, { url: "http://127.0.0.1:9/hook" });
  const event = await storeEvent(cp.herald.services.db.prisma, org.id);
  await storeDelivery(cp.herald.services.db.prisma, org.id, ep.id, event.id, "FAILED", 1);
});

afterAll(async () => {
  await cp?.stop();
});

const NUL_ID = "a\u0000b";
const ABSENT_ID = "dlv_01M94S75DTGGNM0K22MZQR0RJA";

function named(type: GraphQLType): GraphQLNamedType {
  let t = type as { ofType?: GraphQLType };
  while (t.ofType) t = t.ofType as { ofType?: GraphQLType };
  return t as GraphQLNamedType;
}
const required = (type: GraphQLType) => String(type).endsWith("!");

/** A valid literal of an input type, with only its required fields. */
function literalOf(type: GraphQLInputType): string {
  const t = named(type);
  if (String(type).replace(/!$/, "").startsWith("[")) return `[${literalOf(named(type) as GraphQLInputType)}]`;
  if ("getValues" in t) return t.getValues()[0]!.name;
  if ("getFields" in t) {
    const fields = Object.values(t.getFields()).filter((f) => required(f.type) && f.defaultValue === undefined);
    return `{ ${fields.map((f) => `${f.name}: ${literalOf(f.type)}`).join(", ")} }`;
  }
  return ({ ID: '"ok_1"', String: '"order.created"', Int: "1", Boolean: "true", DateTime: '"2025-01-01T00:00:00Z"', JSON: "{}" } as Record<string, string>)[
    t.name
  ]!;
}

interface IdCase {
  kind: "query" | "mutation" | "subscription";
  field: string;
  arg: string;
  /** The operation, with `$id` in the argument under test. */
  query: string;
}

function idCases(): IdCase[] {
  const roots = [
    ["query", schema.getQueryType()],
    ["mutation", schema.getMutationType()],
    ["subscription", schema.getSubscriptionType()],
  ] as const;
  const cases: IdCase[] = [];
  for (const [kind, root] of roots) {
    for (const field of Object.values((root as GraphQLObjectType).getFields()) as GraphQLField<unknown, unknown>[]) {
      for (const arg of field.args.filter((a) => named(a.type).name === "ID")) {
        const others = field.args.filter((a: GraphQLArgument) => a !== arg && required(a.type) && a.defaultValue === undefined);
        const args = [`${arg.name}: $id`, ...others.map((a) => `${a.name}: ${literalOf(a.type)}`)].join(", ");
        const selection = "getFields" in named(field.type) ? " { __typename }" : "";
        cases.push({ kind, field: field.name, arg: arg.name, query: `${kind} ($id: ID!) { ${field.name}(${args})${selection} }` });
      }
    }
  }
  return cases;
}

async function errorsOf(c: IdCase, id: string): Promise<any[]> {
  if (c.kind !== "subscription") return (await postGraphQL(cp.herald.port, org.token, { query: c.query, variables: { id } })).json.errors ?? [];
  const live = new LiveClient(`http://127.0.0.1:${cp.herald.port}/graphql`, org.token);
  try {
    return [await live.subscribe(parse(c.query) as never, { id } as never).failure()];
  } finally {
    await live.close();
  }
}

describe("malformed ids", () => {
  const cases = idCases();

  it("finds the id arguments the issue names, in queries, mutations and subscriptions", () => {
    const names = cases.map((c) => `${c.field}.${c.arg}`);
    for (const name of [
      "delivery.id",
      "endpoint.id",
      "event.id",
      "deliveries.endpointId",
      "redeliver.deliveryId",
      "replayEvents.endpointId",
      "revokeApiKey.id",
      "deliveryAttempts.after",
      "deliveryUpdated.endpointId",
    ]) {
      expect(names).toContain(name);
    }
  });

  it.each(cases.map((c) => [`${c.field}(${c.arg})`, c] as const))("%s: a NUL is BAD_USER_INPUT naming the argument", async (_name, c) => {
    const errors = await errorsOf(c, NUL_ID);
    expect(errors[0]?.extensions?.code, JSON.stringify(errors)).toBe("BAD_USER_INPUT");
    expect(errors[0].extensions.issues).toEqual([{ path: [c.arg], message: expect.stringMatching(/well-formed id/) }]);
  });

  it.each(cases.filter((c) => c.kind !== "subscription" && required(findArg(c).type)).map((c) => [`${c.field}(${c.arg})`, c] as const))(
    "%s: a well-formed id that names nothing is NOT_FOUND",
    async (_name, c) => {
      const errors = await errorsOf(c, ABSENT_ID);
      expect(errors[0]?.extensions?.code, JSON.stringify(errors)).toBe("NOT_FOUND");
    },
  );

  it("stays responsive while malformed ids pour in", async () => {
    const query = `{ delivery(id: "${NUL_ID.replace("\u0000", "\\u0000")}") { id } }`;
    const { result, health } = await probeWhile(
      cp.herald.port,
      Promise.all(
        Array.from({ length: 4 }, async () => {
          const codes: string[] = [];
          for (let i = 0; i < 50; i++) codes.push((await postGraphQL(cp.herald.port, org.token, { query })).json.errors[0].extensions.code);
          return codes;
        }),
      ).then((c) => c.flat()),
    );
    expect(new Set(result)).toEqual(new Set(["BAD_USER_INPUT"]));
    console.log(`200 malformed ids: /healthz median ${health.medianMs.toFixed(1)} ms over ${health.probes} probes`);
    expect(health.medianMs).toBeLessThan(100);
  });
});

function findArg(c: IdCase): GraphQLArgument {
  const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[c.kind]!;
  return root.getFields()[c.field]!.args.find((a) => a.name === c.arg)!;
}

describe("crafted cursors", () => {
  /** Where each list is reached from: a root list (or the list itself) and the path to it. */
  const PARENTS: Record<string, string> = { Query: "", Endpoint: "endpoints(first: 1)", Event: "events(first: 1)", Delivery: "deliveries(first: 1)" };
  /** Lists only ADMIN_TOKEN may read. */
  const ADMIN_LISTS = new Set(["Query.organizations"]);

  function cursorCases(): [string, string][] {
    const cases: [string, string][] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || !("getInterfaces" in type)) continue;
      for (const field of Object.values((type as GraphQLObjectType).getFields())) {
        if (!named(field.type).name.endsWith("Connection")) continue;
        const parent = PARENTS[type.name];
        expect(parent, `no parent to reach ${type.name}.${field.name} from`).toBeDefined();
        const list = `${field.name}(first: 1, after: $cursor) { edges { cursor } }`;
        cases.push([`${type.name}.${field.name}`, `query ($cursor: String!) { ${parent ? `${parent} { edges { node { ${list} } } }` : list} }`]);
      }
    }
    return cases;
  }

  const b64 = (s: string) => Buffer.from(s).toString("base64url");
  const CURSORS: [string, string][] = [
    ["garbage", "xyz!"],
    ["a NUL in the id", b64('["a\\u0000b"]')],
    ["an object", b64('{"id":"dlv_1"}')],
    ["too wide", b64('["a","b","c"]')],
    ["10 KB", "A".repeat(10_000)],
    ["Prisma's old cursor", b64("GPC:S:dlv_01M94S75DTGGNM0K22MZQR0RJA")],
  ];

  it("reaches every list with a cursor", () => {
    const names = cursorCases().map(([name]) => name);
    for (const name of [
      "Query.events",
      "Query.deliveries",
      "Query.endpoints",
      "Query.apiKeys",
      "Query.rejectedMessages",
      "Query.organizations",
      "Endpoint.deliveries",
      "Event.deliveries",
      "Delivery.attempts",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("refuses each crafted cursor on each list as BAD_USER_INPUT naming `after`", async () => {
    for (const [list, query] of cursorCases()) {
      for (const [what, cursor] of CURSORS) {
        const token = ADMIN_LISTS.has(list) ? TEST_ADMIN_TOKEN : org.token;
        const { json } = await postGraphQL(cp.herald.port, token, { query, variables: { cursor } });
        const error = json.errors?.[0];
        expect(error?.extensions?.code, `${list}, ${what}: ${JSON.stringify(json).slice(0, 300)}`).toBe("BAD_USER_INPUT");
        expect(error.extensions.issues[0].path, `${list}, ${what}`).toEqual(["after"]);
      }
    }
  });

  it("refuses an events `type` filter that cannot be an event type name", async () => {
    const { json } = await postGraphQL(cp.herald.port, org.token, {
      query: "query ($type: String) { events(type: $type) { edges { cursor } } }",
      variables: { type: "a\u0000b" },
    });
    expect(json.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", issues: [{ path: ["type"] }] });
  });

  it("refuses an `after` of eventTypes that cannot be an event type name", async () => {
    const { json } = await postGraphQL(cp.herald.port, org.token, {
      query: "query ($after: String) { eventTypes(after: $after) { name } }",
      variables: { after: "a\u0000b" },
    });
    expect(json.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", issues: [{ path: ["after"] }] });
  });

  it("names `before` and `first` when they are the bad ones", async () => {
    const { json } = await postGraphQL(cp.herald.port, org.token, { query: `{ deliveries(last: 1, before: "${b64("[1]")}") { edges { cursor } } }` });
    expect(json.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", issues: [{ path: ["before"] }] });
    const tooMany = await postGraphQL(cp.herald.port, org.token, { query: "{ events(first: 1000) { edges { cursor } } }" });
    expect(tooMany.json.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", issues: [{ path: ["first"] }] });
  });
});
