import { buildSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { malformedIdArguments } from "./use-id-arguments.ts";

const schema = buildSchema(`
  type Thing { id: ID! name(locale: String): String }
  type Query { thing(id: ID!): Thing  things(ids: [ID!]!): [Thing!]!  search(text: String): [Thing!]! }
`);

describe("malformedIdArguments", () => {
  it.each([
    ['{ thing(id: "dlv_01M94S75DTGGNM0K22MZQR0RJA") { id } }', {}, []],
    ['{ thing(id: "a\\u0000b") { id } }', {}, ["id"]],
    ["{ thing(id: 42) { id } }", {}, []],
    ["query($id: ID!) { thing(id: $id) { id } }", { id: "ok_1" }, []],
    ["query($id: ID!) { thing(id: $id) { id } }", { id: "x".repeat(129) }, ["id"]],
    ['{ things(ids: ["ok", "not ok"]) { id } }', {}, ["ids"]],
    ['{ search(text: "a\\u0000b") { id } }', {}, []],
    ['{ thing(id: "ok") { name(locale: "é\\u0000") } }', {}, []],
  ])("%s %j → %j", (query, variables, expected) => {
    expect(malformedIdArguments(schema, parse(query), variables).map((i) => i.path.join("."))).toEqual(expected);
  });
});

describe("malformedIdArguments through fragments", () => {
  it("finds an id argument inside a named and an inline fragment", () => {
    const query = 'query { ...F ... on Query { thing(id: "b\\u0000") { id } } } fragment F on Query { thing(id: "a b") { id } }';
    expect(malformedIdArguments(schema, parse(query), {}).map((i) => i.path[0])).toEqual(["id", "id"]);
  });
});
