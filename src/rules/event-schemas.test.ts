import { describe, expect, it } from "vitest";
import {
  checkJsonSchema,
  containsNul,
  describeError,
  resolveLocalRef,
  SCHEMA_LIMITS,
  schemaLimitProblem,
  validateAgainstSchema,
  ValidatorCache,
} from "./event-schemas.ts";

const props = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: "string" }]));
const nested = (levels: number): unknown => (levels === 0 ? { type: "string" } : { type: "object", properties: { a: nested(levels - 1) } });
/** Definitions d0..dN, each referring twice to the next: 2^N subschemas once expanded. */
const doubling = (n: number) => ({
  $ref: "#/definitions/d0",
  definitions: Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `d${i}`,
      i === n - 1 ? { type: "string" } : { allOf: [{ $ref: `#/definitions/d${i + 1}` }, { $ref: `#/definitions/d${i + 1}` }] },
    ]),
  ),
});

describe("containsNul", () => {
  it.each([
    ["a plain schema", { type: "string", const: "abc" }, false],
    ["a backslash-u0000 spelled out (six characters, storable)", { const: "\\u0000" }, false],
    ["a NUL in a string value", { const: "a\u0000b" }, true],
    ["a NUL in a key", { properties: { "a\u0000": { type: "string" } } }, true],
    ["a NUL deep in an array", { enum: [1, ["x", { y: "\u0000" }]] }, true],
    ["numbers, booleans and null", { minimum: 0, additionalProperties: false, default: null }, false],
  ])("%s → %s", (_name, value, expected) => {
    expect(containsNul(value)).toBe(expected);
  });
});

describe("schemaLimitProblem", () => {
  it.each([
    ["a plain object schema", { type: "object", properties: { s: { type: "string", pattern: "^[a-z]+$" } }, required: ["s"] }],
    ["a local $ref to a definition", { definitions: { money: { type: "string" } }, properties: { total: { $ref: "#/definitions/money" } } }],
    ["a property named $id (a name, not a keyword)", { properties: { $id: { type: "string" } } }],
    ["an enum holding an object with $id (data, not a schema)", { enum: [{ $id: "urn:x" }] }],
    ["uniqueItems with maxItems at the limit", { type: "array", uniqueItems: true, maxItems: SCHEMA_LIMITS.uniqueItemsMaxItems }],
    ["subschemas at the limit", { type: "object", properties: props(SCHEMA_LIMITS.subschemas - 1) }],
    ["anyOf alternatives at the limit", { anyOf: Array.from({ length: SCHEMA_LIMITS.branches }, () => ({ type: "string" })) }],
    ["the ReDoS pattern of issue 15 (RE2 runs it in linear time)", { properties: { s: { type: "string", pattern: "^(a|a)*$" } } }],
  ])("accepts %s", (_name, schema) => {
    expect(schemaLimitProblem(schema)).toBeUndefined();
  });

  it.each([
    ["an array", [], /JSON Schema object/],
    ["$id at the root", { $id: "urn:acme:account" }, /\$id at # is not allowed/],
    ["$id in a subschema", { properties: { a: { $id: "urn:b:base", type: "string" } } }, /\$id at #\/properties\/a is not allowed/],
    ["$anchor", { definitions: { a: { $anchor: "x" } } }, /\$anchor at #\/definitions\/a/],
    ["$dynamicRef", { items: { $dynamicRef: "#x" } }, /\$dynamicRef at #\/items/],
    ["$recursiveRef", { anyOf: [{ $recursiveRef: "#" }] }, /\$recursiveRef at #\/anyOf\/0/],
    ["a $ref to another schema's $id", { $ref: "urn:b:base" }, /\$ref at # must be local/],
    ["a $ref to a URL", { properties: { a: { $ref: "https://example.com/s.json" } } }, /must be local/],
    ["a $ref that points nowhere", { $ref: "#/definitions/missing" }, /does not point into this schema/],
    ["a $ref into data", { enum: [{ type: "string" }], $ref: "#/enum/0" }, /must point to a subschema/],
    ["a recursive $ref", { properties: { child: { $ref: "#" } } }, /recursive schemas are not supported/],
    ["too many subschemas", { type: "object", properties: props(SCHEMA_LIMITS.subschemas) }, /more than 256 subschemas/],
    ["a $ref chain that doubles at each step", doubling(12), /more than 256 subschemas/],
    ["too many anyOf alternatives", { items: { anyOf: Array.from({ length: 17 }, () => ({ type: "string" })) } }, /more than 16 anyOf\/oneOf alternatives/],
    [
      "alternatives multiplied through $ref",
      { definitions: { two: { oneOf: [{ type: "string" }, { type: "number" }] } }, allOf: Array.from({ length: 9 }, () => ({ $ref: "#/definitions/two" })) },
      /more than 16 anyOf\/oneOf/,
    ],
    ["a schema over the byte limit", { description: "x".repeat(SCHEMA_LIMITS.bytes) }, /bytes, over the limit of 65536/],
    ["nesting past the depth limit", nested(20), /nests more than 32 levels/],
    ["a pattern with a backreference", { pattern: "^(a)\\1$" }, /pattern at #\/pattern is not supported/],
    ["a pattern with a lookahead", { patternProperties: { "^(?!x)": {} } }, /pattern at #\/patternProperties is not supported/],
    ["a pattern too long", { pattern: "a".repeat(SCHEMA_LIMITS.patternChars + 1) }, /257 characters, over the limit of 256/],
    ["a pattern too complex", { pattern: ".{300}" }, /too complex \(RE2 program size \d+, over the limit of 200\)/],
    ["too many patterns", { properties: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`p${i}`, { pattern: `^${i}` }])) }, /more than 8 patterns/],
    ["the regex format", { properties: { r: { type: "string", format: "regex" } } }, /format "regex" at #\/properties\/r is not supported/],
    ["uniqueItems without maxItems", { type: "array", uniqueItems: true }, /uniqueItems at # needs maxItems of at most 256/],
    ["uniqueItems with a large maxItems", { items: { uniqueItems: true, maxItems: 100_000 } }, /uniqueItems at #\/items/],
    ["a huge enum", { enum: Array.from({ length: 257 }, (_, i) => i) }, /enum at # has 257 values, over the limit of 256/],
  ])("refuses %s, naming the rule", (_name, schema, reason) => {
    expect(schemaLimitProblem(schema)).toMatch(reason);
  });

  it("refuses a document nested 100,000 levels deep without overflowing the stack", () => {
    const deep = JSON.parse(`{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
    expect(schemaLimitProblem(deep)).toMatch(/nests more than 32 levels/);
  });
});

describe("resolveLocalRef", () => {
  const root = { definitions: { "a/b": { type: "string" }, "c~d": { type: "number" }, "e f": true } };
  it.each([
    ["#", root],
    ["#/definitions/a~1b", { type: "string" }],
    ["#/definitions/c~0d", { type: "number" }],
    ["#/definitions/e%20f", true],
    ["#/definitions/missing", undefined],
    ["#/definitions/%E0%A4%A", undefined],
    ["#name", undefined],
  ])("%s", (ref, expected) => {
    expect(resolveLocalRef(root, ref)).toEqual(expected);
  });
});

describe("checkJsonSchema", () => {
  it("refuses what Ajv cannot compile, and what breaks the rules", () => {
    expect(checkJsonSchema({ type: "nope" })).toMatch(/is not a valid JSON Schema/);
    expect(checkJsonSchema({ $id: "urn:a" })).toMatch(/\$id/);
    expect(checkJsonSchema({ type: "string", pattern: "^[a-z]+$" })).toBeUndefined();
  });
});

describe("validateAgainstSchema", () => {
  it("runs patterns on RE2: the ReDoS data of issue 15 is simply a mismatch", () => {
    const schema = { type: "object", properties: { s: { type: "string", pattern: "^(a|a)*$" } } };
    expect(validateAgainstSchema("org_a", schema, { s: "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!" })).toMatch(/\/s must match pattern/);
    expect(validateAgainstSchema("org_a", schema, { s: "aaaa" })).toBeUndefined();
  });

  it("applies patternProperties and propertyNames through RE2 as well", () => {
    const schema = { type: "object", propertyNames: { pattern: "^[a-z]+$" }, patternProperties: { "^n": { type: "number" } } };
    expect(validateAgainstSchema("org_a", schema, { name: 1 })).toBeUndefined();
    expect(validateAgainstSchema("org_a", schema, { name: "x" })).toMatch(/\/name must be number/);
    expect(validateAgainstSchema("org_a", schema, { Name: 1 })).toMatch(/must match pattern "\^\[a-z\]\+\$"/);
  });

  it("turns a schema that no longer passes the rules into a reason, not a throw", () => {
    expect(validateAgainstSchema("org_a", { $ref: "urn:b:base" }, { a: 1 })).toMatch(/schema cannot be used: it \$ref at # must be local/);
  });

  it("keeps one organization's $id invisible to another (each schema has its own Ajv)", () => {
    // As if stored before the rules: org A's schema declares an $id, org B's refers to it.
    expect(validateAgainstSchema("org_a", { $id: "urn:acme:account", type: "object" }, {})).toMatch(/cannot be used/);
    expect(validateAgainstSchema("org_b", { $ref: "urn:acme:account" }, {})).toMatch(/cannot be used/);
  });
});

describe("describeError", () => {
  it.each([
    [{ keyword: "required", params: { missingProperty: "total" }, instancePath: "" }, "/ must have required property 'total'"],
    [{ keyword: "type", params: { type: "string" }, instancePath: "/total" }, "/total must be string"],
    [{ keyword: "pattern", params: { pattern: "^a$" }, instancePath: "/s" }, '/s must match pattern "^a$"'],
    [{ keyword: "format", params: { format: "email" }, instancePath: "/e" }, '/e must match format "email"'],
    [{ keyword: "additionalProperties", params: { additionalProperty: "x" }, instancePath: "" }, "/ must NOT have additional property 'x'"],
    [{ keyword: "enum", params: { allowedValues: [1] }, instancePath: "/n" }, "/n must be one of the allowed values"],
    [{ keyword: "maximum", params: { comparison: "<=", limit: 5 }, instancePath: "/n" }, "/n must be <= 5"],
    [{ keyword: "maxLength", params: { limit: 3 }, instancePath: "/s" }, "/s fails maxLength (limit 3)"],
    [{ keyword: "not", params: {}, instancePath: "/s" }, "/s fails not"],
  ])("%o", (error, text) => {
    expect(describeError(error)).toBe(text);
  });
});

describe("ValidatorCache", () => {
  it("keys by organization and schema text, and evicts the least recently used past its bound", () => {
    const cache = new ValidatorCache(2);
    const s = { type: "string" };
    const a = cache.get("org_a", s);
    expect(cache.get("org_a", { type: "string" })).toBe(a);
    expect(cache.get("org_b", s)).not.toBe(a);
    cache.get("org_a", s);
    cache.get("org_c", s);
    expect(cache.size).toBe(2);
    expect(cache.get("org_a", s)).toBe(a);
    expect(cache.get("org_b", s)).not.toBe(a);
  });

  it("is bounded in bytes of schema text as well", () => {
    const cache = new ValidatorCache(1_000, 3 * 1024);
    for (let i = 0; i < 10; i++) cache.get(`org_${i}`, { description: "x".repeat(1_000) });
    expect(cache.size).toBe(3);
  });
});
