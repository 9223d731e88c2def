import type { GraphQLArgument, GraphQLField, GraphQLNamedType, GraphQLObjectType, GraphQLType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/graphql/schema/index.ts";
import { postGraphQL } from "../harness/attack.ts";
import { type ControlPlane, createTestOrg, startControlPlane, type TestOrg } from "../harness/control-plane.ts";
import { PRODUCTION_ENV, TEST_ADMIN_TOKEN } from "../harness/env.ts";
import { createEndpoint } from "../harness/fixtures.ts";

// PostgreSQL stores no NUL in text or jsonb, so a NUL in a free-text argument (an endpoint's
// disable reason, an API key's name) failed its statement: INTERNAL_SERVER_ERROR. Every String
// of every operation's arguments, nested inputs included, is found by walking the schema and
// must come back BAD_USER_INPUT naming its path; JSON values reach the domain, which refuses a
// NUL where it would be stored as jsonb.

let cp: ControlPlane;
let org: TestOrg;
let endpointId: string;

beforeAll(async () => {
  cp = await startControlPlane(PRODUCTION_ENV);
  org = await createTestOrg(cp);
  ({ id: endpointId } = await createEndpoint(cp.herald.services, org.id, { url: "http://127.0.0.1:9/hook" }));
});

afterAll(async () => {
  await cp?.stop();
});

async function gql(query: string, variables?: Record<string, unknown>, token = org.token) {
  return (await postGraphQL(cp.herald.port, token, { query, variables })).json;
}

function named(type: GraphQLType): GraphQLNamedType {
  let t = type as { ofType?: GraphQLType };
  while (t.ofType) t = t.ofType as { ofType?: GraphQLType };
  return t as GraphQLNamedType;
}
const required = (type: { type: GraphQLType; defaultValue?: unknown }) => String(type.type).endsWith("!") && type.defaultValue === undefined;
const isList = (type: GraphQLType) => String(type).replace(/!$/, "").startsWith("[");
const VALID: Record<string, unknown> = { ID: "ok_1", String: "order.created", Int: 1, Boolean: true, DateTime: "2025-01-01T00:00:00Z", JSON: {} };

/** A valid value of an input type, with only its required fields. */
function validValue(type: GraphQLType): unknown {
  const t = named(type);
  let value: unknown = VALID[t.name];
  if ("getValues" in t) value = t.getValues()[0]!.value;
  else if ("getFields" in t) {
    const fields = Object.values(t.getFields()) as { name: string; type: GraphQLType; defaultValue?: unknown }[];
    value = Object.fromEntries(fields.filter(required).map((f) => [f.name, validValue(f.type)]));
  }
  return isList(type) ? [value] : value;
}

/** Every String position below an argument: `[arg]`, `[arg, field]`, `[arg, field, field]`… */
function stringPaths(type: GraphQLType, path: string[], depth = 0): string[][] {
  const t = named(type);
  if (t.name === "String") return [path];
  if (!("getFields" in t) || depth > 3) return [];
  return (Object.values(t.getFields()) as { name: string; type: GraphQLType }[]).flatMap((f) => stringPaths(f.type, [...path, f.name], depth + 1));
}

interface NulCase {
  kind: "query" | "mutation";
  field: string;
  path: string[];
  query: string;
  variables: Record<string, unknown>;
}

function withNul(type: GraphQLType, rest: string[]): unknown {
  const t = named(type);
  if (rest.length === 0) return isList(type) ? ["a\u0000b"] : "a\u0000b";
  const fields = Object.values((t as { getFields(): Record<string, { name: string; type: GraphQLType; defaultValue?: unknown }> }).getFields());
  const value = Object.fromEntries(
    fields.filter((f) => required(f) || f.name === rest[0]).map((f) => [f.name, f.name === rest[0] ? withNul(f.type, rest.slice(1)) : validValue(f.type)]),
  );
  return isList(type) ? [value] : value;
}

function nulCases(): NulCase[] {
  const cases: NulCase[] = [];
  for (const [kind, root] of [
    ["query", schema.getQueryType()],
    ["mutation", schema.getMutationType()],
  ] as const) {
    for (const field of Object.values((root as GraphQLObjectType).getFields()) as GraphQLField<unknown, unknown>[]) {
      for (const arg of field.args) {
        for (const path of stringPaths(arg.type, [arg.name])) {
          const others = field.args.filter((a: GraphQLArgument) => a !== arg && required(a));
          const variables = Object.fromEntries([[arg.name, withNul(arg.type, path.slice(1))], ...others.map((a) => [a.name, validValue(a.type)])]);
          const defs = [arg, ...others].map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
          const args = [arg, ...others].map((a) => `${a.name}: $${a.name}`).join(", ");
          const selection = "getFields" in named(field.type) ? " { __typename }" : "";
          cases.push({ kind, field: field.name, path, query: `${kind} (${defs}) { ${field.name}(${args})${selection} }`, variables });
        }
      }
    }
  }
  return cases;
}

describe("a NUL in text", () => {
  const cases = nulCases();

  it("finds the free-text arguments the bug was seen on", () => {
    const names = cases.map((c) => `${c.field}.${c.path.join(".")}`);
    for (const name of ["disableEndpoint.reason", "createApiKey.input.name", "createEndpoint.input.description", "createEventType.input.description"]) {
      expect(names).toContain(name);
    }
  });

  it.each(cases.map((c) => [`${c.field}(${c.path.join(".")})`, c] as const))("%s is BAD_USER_INPUT naming its path", async (_name, c) => {
    const { errors } = await gql(c.query, c.variables, c.field === "createOrganization" ? TEST_ADMIN_TOKEN : org.token);
    expect(errors?.[0]?.extensions?.code, JSON.stringify(errors)).toBe("BAD_USER_INPUT");
    expect(errors[0].extensions.issues).toContainEqual({ path: c.path, message: "must not contain NUL characters" });
  });

  it("no longer fails the statement for an endpoint that exists: the reason is refused, the endpoint untouched", async () => {
    const { errors } = await gql(`mutation($id: ID!) { disableEndpoint(id: $id, reason: "a\\u0000b") { id status } }`, { id: endpointId });
    expect(errors[0].extensions.code).toBe("BAD_USER_INPUT");
    const { data } = await gql(`query($id: ID!) { endpoint(id: $id) { status } }`, { id: endpointId });
    expect(data.endpoint.status).toBe("ENABLED");
  });

  it("is refused where JSON would be stored as jsonb: a header value, an event type's schema", async () => {
    const header = await gql(`mutation($h: JSON) { updateEndpoint(id: "${endpointId}", input: { headers: $h }) { id } }`, { h: { "x-tag": "a\u0000b" } });
    expect(header.errors?.[0]?.extensions?.code, JSON.stringify(header.errors)).toBe("BAD_USER_INPUT");
    const schemaWithNul = { type: "object", properties: { a: { const: "a\u0000b" } } };
    const type = await gql(`mutation($s: JSON) { createEventType(input: { name: "nul.schema", schema: $s }) { id } }`, { s: schemaWithNul });
    expect(type.errors?.[0]?.extensions?.code, JSON.stringify(type.errors)).toBe("BAD_USER_INPUT");
  });
});
