import { buildSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { MAX_VARIABLE_DEPTH, refusedArguments } from "./use-argument-checks.ts";

const schema = buildSchema(`
  scalar JSON
  input Hook { url: String!  headers: [Pair!]  note: String  data: JSON }
  input Pair { name: String!  value: String! }
  type Thing { id: ID! name(locale: String): String }
  type Query { thing(id: ID!): Thing  things(ids: [ID!]!): [Thing!]!  search(text: String): [Thing!]!  hook(input: Hook!): Thing }
`);

const issues = (query: string, variables: Record<string, unknown> = {}) => refusedArguments(schema, parse(query), variables).map((i) => i.path.join("."));

describe("refusedArguments", () => {
  it.each([
    ['{ thing(id: "dlv_01M94S75DTGGNM0K22MZQR0RJA") { id } }', {}, []],
    ['{ thing(id: "a\\u0000b") { id } }', {}, ["id"]],
    ["{ thing(id: 42) { id } }", {}, []],
    ["query($id: ID!) { thing(id: $id) { id } }", { id: "ok_1" }, []],
    ["query($id: ID!) { thing(id: $id) { id } }", { id: "x".repeat(129) }, ["id"]],
    ['{ things(ids: ["ok", "not ok"]) { id } }', {}, ["ids"]],
    ['{ search(text: "plain text, quotes \\" and é") { id } }', {}, []],
    ['{ search(text: "a\\u0000b") { id } }', {}, ["text"]],
    ['{ thing(id: "ok") { name(locale: "é\\u0000") } }', {}, ["locale"]],
    ['{ hook(input: { url: "https://a.test", note: "x\\u0000" }) { id } }', {}, ["input.note"]],
    ['{ hook(input: { url: "https://a.test", headers: [{ name: "a", value: "ok" }, { name: "b", value: "\\u0000" }] }) { id } }', {}, ["input.headers.value"]],
    [
      "query($h: Hook!) { hook(input: $h) { id } }",
      { h: { url: "https://a.test\u0000", headers: [{ name: "n\u0000", value: "v" }] } },
      ["input.url", "input.headers.name"],
    ],
    ["query($h: Hook!) { hook(input: $h) { id } }", { h: { url: "https://a.test", data: { s: "\u0000" } } }, []],
  ])("%s %j → %j", (query, variables, expected) => {
    expect(issues(query, variables)).toEqual(expected);
  });

  it("refuses variables nested past the limit before walking them, at any depth", () => {
    const nested = (levels: number) => {
      let data: unknown = "leaf";
      for (let i = 0; i < levels; i++) data = { d: data };
      return { h: { url: "https://a.test", data } };
    };
    const query = "query($h: Hook!) { hook(input: $h) { id } }";
    expect(issues(query, nested(MAX_VARIABLE_DEPTH - 2))).toEqual([]);
    expect(issues(query, nested(MAX_VARIABLE_DEPTH - 1))).toEqual(["variables"]);
    expect(issues(query, nested(1_000_000))).toEqual(["variables"]);
  });

  it("says what is wrong with each", () => {
    const found = refusedArguments(schema, parse('{ thing(id: "a b") { name(locale: "\\u0000") } }'), {});
    expect(found).toEqual([
      { path: ["id"], message: expect.stringMatching(/well-formed id/) },
      { path: ["locale"], message: "must not contain NUL characters" },
    ]);
  });
});

describe("refusedArguments through fragments", () => {
  it("finds an id argument inside a named and an inline fragment", () => {
    const query = 'query { ...F ... on Query { thing(id: "b\\u0000") { id } } } fragment F on Query { thing(id: "a b") { id } }';
    expect(refusedArguments(schema, parse(query), {}).map((i) => i.path[0])).toEqual(["id", "id"]);
  });
});
