import { buildSchema, parse } from "graphql/index.js";
import { describe, expect, it } from "vitest";
import { MULTIPLE_ROOT_FIELDS, OTHER_ROOT_FIELD, rootFieldLabel, rootFieldNames } from "./graphql-metrics.ts";

const schema = buildSchema(`
  type Query { viewer: String endpoints: [String] }
  type Mutation { publishEvent: String }
  type Subscription { deliveryAttempts: String }
`);
const known = rootFieldNames(schema);

describe("rootFieldNames", () => {
  it("lists the root fields of every root type", () => {
    expect([...known].sort()).toEqual(["deliveryAttempts", "endpoints", "publishEvent", "viewer"]);
  });
});

describe("rootFieldLabel", () => {
  it.each([
    ["{ viewer }", undefined, "viewer"],
    ["query Op4711 { viewer }", "Op4711", "viewer"],
    ["query Op4711 { v: viewer }", undefined, "viewer"],
    ["{ viewer }", "Anonymous", "viewer"],
    ["mutation { publishEvent }", undefined, "publishEvent"],
    ["subscription S { deliveryAttempts }", "S", "deliveryAttempts"],
    ["{ __typename viewer }", undefined, "viewer"],
    ["{ a: viewer b: viewer }", undefined, "viewer"],
    ["{ viewer endpoints }", undefined, MULTIPLE_ROOT_FIELDS],
    ["{ ... on Query { endpoints } }", undefined, "endpoints"],
    ["{ ...F } fragment F on Query { viewer }", undefined, "viewer"],
    ["{ ...F } fragment F on Query { ...F viewer }", undefined, "viewer"],
    ["{ ...Missing }", undefined, OTHER_ROOT_FIELD],
    ["query Op1 { notAField123 }", "Op1", OTHER_ROOT_FIELD],
    ["{ __typename }", undefined, OTHER_ROOT_FIELD],
    ["{ __schema { types { name } } }", undefined, OTHER_ROOT_FIELD],
    ["query A { viewer } query B { endpoints }", "B", "endpoints"],
    ["query A { viewer } query B { endpoints }", undefined, OTHER_ROOT_FIELD],
  ])("%s (operation %s) -> %s", (query, operationName, label) => {
    expect(rootFieldLabel(parse(query), operationName, known)).toBe(label);
  });

  it("labels a request with no parsed document as other", () => {
    expect(rootFieldLabel(undefined, "Op1", known)).toBe(OTHER_ROOT_FIELD);
  });
});
