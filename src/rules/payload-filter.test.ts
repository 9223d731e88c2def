import { describe, expect, it } from "vitest";
import {
  compareDecimal,
  compilePayloadFilter,
  compileStoredFilter,
  MAX_FILTER_DEPTH,
  MAX_FILTER_NODES,
  MAX_FILTER_VALUES,
  MAX_LIST_VALUES,
  MAX_PATH_SEGMENTS,
  MAX_STRING_LENGTH,
  parseDecimalBound,
  parsePayloadFilter,
  type PayloadFilter,
} from "./payload-filter.ts";

const envelope = {
  id: "evt_1",
  type: "queue.admitted",
  timestamp: "2026-12-06T10:00:00.000Z",
  organizationId: "org_1",
  data: {
    queueId: "q_7",
    total: "100.00",
    refund: "-12.50",
    count: 3,
    vip: true,
    note: null,
    seats: [{ row: "A" }, { row: "B" }],
    nested: { deeper: { level: 2 } },
    text: "1e3",
  },
};

function matches(filter: unknown, e: object = envelope): boolean {
  const parsed = parsePayloadFilter(filter);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return compilePayloadFilter(parsed.filter)(e);
}

describe("compilePayloadFilter: every operator", () => {
  it.each<[string, unknown, boolean]>([
    ["eq on a string", { path: "data.queueId", eq: "q_7" }, true],
    ["eq on another string", { path: "data.queueId", eq: "q_8" }, false],
    ["eq on a number", { path: "data.count", eq: 3 }, true],
    ["eq on a boolean", { path: "data.vip", eq: true }, true],
    ["eq on the type", { path: "type", eq: "queue.admitted" }, true],
    ["eq on the id", { path: "id", eq: "evt_1" }, true],
    ["eq compares strings as strings: '100.00' is not '100'", { path: "data.total", eq: "100" }, false],
    ["ne on a different value", { path: "data.queueId", ne: "q_8" }, true],
    ["ne on the same value", { path: "data.queueId", ne: "q_7" }, false],
    ["in a list", { path: "data.queueId", in: ["q_1", "q_7"] }, true],
    ["not in a list", { path: "data.queueId", in: ["q_1", "q_2"] }, false],
    ["in a list of numbers", { path: "data.count", in: [1, 2, 3] }, true],
    ["nin a list it is not in", { path: "data.queueId", nin: ["q_1"] }, true],
    ["nin a list it is in", { path: "data.queueId", nin: ["q_7"] }, false],
    ["gt a number", { path: "data.count", gt: 2 }, true],
    ["gt the same number", { path: "data.count", gt: 3 }, false],
    ["gte the same number", { path: "data.count", gte: 3 }, true],
    ["lt a number", { path: "data.count", lt: 3.5 }, true],
    ["lte a smaller number", { path: "data.count", lte: 2 }, false],
    ["exists: a present field", { path: "data.queueId", exists: true }, true],
    ["exists: a null field is present", { path: "data.note", exists: true }, true],
    ["exists false: a missing field", { path: "data.missing", exists: false }, true],
    ["exists false: a present field", { path: "data.queueId", exists: false }, false],
    ["an array index", { path: "data.seats.1.row", eq: "B" }, true],
    ["an array index past the end", { path: "data.seats.2.row", exists: true }, false],
    ["a nested object", { path: "data.nested.deeper.level", gte: 2 }, true],
    [
      "and: all hold",
      {
        and: [
          { path: "data.count", eq: 3 },
          { path: "data.vip", eq: true },
        ],
      },
      true,
    ],
    [
      "and: one fails",
      {
        and: [
          { path: "data.count", eq: 3 },
          { path: "data.vip", eq: false },
        ],
      },
      false,
    ],
    [
      "or: one holds",
      {
        or: [
          { path: "data.count", eq: 4 },
          { path: "data.vip", eq: true },
        ],
      },
      true,
    ],
    [
      "or: none holds",
      {
        or: [
          { path: "data.count", eq: 4 },
          { path: "data.vip", eq: false },
        ],
      },
      false,
    ],
    ["not", { not: { path: "data.queueId", eq: "q_7" } }, false],
    ["not of a missing field's eq", { not: { path: "data.missing", eq: "x" } }, true],
  ])("%s", (_name, filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});

describe("compilePayloadFilter: decimal strings", () => {
  const total = (value: string, filter: Record<string, string>) => matches({ path: "data.total", ...filter }, { ...envelope, data: { total: value } });
  it.each<[string, Record<string, string>, boolean]>([
    ["100.00", { gte: "100" }, true],
    ["100.00", { gt: "100" }, false],
    ["100", { lte: "100.00" }, true],
    ["100.00", { gte: "99.5" }, true],
    ["99.5", { gte: "100.00" }, false],
    ["99.99", { lt: "100" }, true],
    ["100.01", { lt: "100" }, false],
    ["1000", { gt: "999.999" }, true],
    ["0100.50", { gt: "100.4" }, true],
    ["-12.50", { lt: "0" }, true],
    ["-12.50", { gt: "-13" }, true],
    ["-12.50", { lt: "-12.49" }, true],
    ["-0.00", { gte: "0" }, true],
    ["0", { lte: "-0" }, true],
    ["-1", { gt: "-0.5" }, false],
    ["0.1", { gt: "0.09999999999999999999999999" }, true],
    ["123456789012345678901234567890.12", { gt: "123456789012345678901234567890.119" }, true],
    [`${"9".repeat(64)}`, { gt: "1" }, true],
  ])("%s %o", (value, filter, expected) => {
    expect(total(value, filter)).toBe(expected);
  });

  it.each(["1e3", "1".repeat(65), "1E3", " 100", "100 ", "+100", ".5", "5.", "1,000", "", "-", "0x10", "١٠٠"])(
    "%j is no decimal: no operator matches it",
    (value) => {
      for (const op of ["gt", "gte", "lt", "lte"]) expect(total(value, { [op]: "0" })).toBe(false);
    },
  );

  it("compares without parsing floats: bounds past a double's precision still order", () => {
    const d = parseDecimalBound("9007199254740993");
    expect(compareDecimal("9007199254740992", d)).toBe(-1);
    expect(compareDecimal("9007199254740993.000", d)).toBe(0);
    expect(compareDecimal("9007199254740994", d)).toBe(1);
  });
});

describe("compilePayloadFilter: no match across types or where the path leads nowhere", () => {
  it.each<[string, unknown]>([
    ["a number bound against a decimal string", { path: "data.total", gte: 1 }],
    ["a decimal bound against a number", { path: "data.count", gte: "1" }],
    ["eq a number against a string", { path: "data.total", eq: 100 }],
    ["eq a string against a number", { path: "data.count", eq: "3" }],
    ["ne of another type", { path: "data.count", ne: "4" }],
    ["nin of another type", { path: "data.count", nin: ["4"] }],
    ["in against an object", { path: "data.nested", in: ["x"] }],
    ["gt against an array", { path: "data.seats", gt: 0 }],
    ["eq against null", { path: "data.note", eq: "null" }],
    ["ne on a missing field", { path: "data.missing", ne: "x" }],
    ["nin on a missing field", { path: "data.missing", nin: ["x"] }],
    ["a path through a string", { path: "data.queueId.length", exists: true }],
    ["a path through null", { path: "data.note.x", exists: true }],
    ["a key as an array index", { path: "data.seats.row", exists: true }],
    ["an index as an object key", { path: "data.nested.0", exists: true }],
    ["a prototype property", { path: "data.constructor", exists: true }],
    ["__proto__", { path: "data.__proto__", exists: true }],
    ["an array's length", { path: "data.seats.length", exists: true }],
  ])("%s", (_name, filter) => {
    expect(matches(filter)).toBe(false);
  });

  it("reads a key JSON.parse made an own property, __proto__ included", () => {
    expect(matches({ path: "data.__proto__.x", eq: 1 }, { ...envelope, data: JSON.parse('{"__proto__":{"x":1}}') })).toBe(true);
  });
});

describe("parsePayloadFilter", () => {
  it("drops null fields, as GraphQL input gives them", () => {
    expect(parsePayloadFilter({ and: [{ path: "data.a", eq: 1, ne: null, or: null }], or: null })).toEqual({
      ok: true,
      filter: { and: [{ path: "data.a", eq: 1 }] },
    });
  });

  it.each<[string, unknown, string[], RegExp]>([
    ["not an object", [], [], /must be an object/],
    ["no operator", { path: "data.a" }, [], /give exactly one of/],
    ["two operators", { path: "data.a", eq: 1, gt: 0 }, ["gt"], /one operator or combinator per object/],
    ["an operator beside a combinator", { and: [{ path: "data.a", eq: 1 }], eq: 1 }, ["eq"], /one operator or combinator/],
    ["a path on a combinator", { path: "data.a", not: { path: "data.a", eq: 1 } }, ["path"], /does not go with not/],
    ["an unknown field", { path: "data.a", equals: 1 }, ["equals"], /is not a filter field/],
    ["an operator without a path", { eq: 1 }, [], /needs a path/],
    ["a path outside the envelope", { path: "payload.a", eq: 1 }, ["path"], /must start at the envelope/],
    ["a path below type", { path: "type.x", eq: 1 }, ["path"], /must start at the envelope/],
    ["an empty segment", { path: "data..a", eq: 1 }, ["path"], /none empty/],
    ["too many segments", { path: `data${".a".repeat(MAX_PATH_SEGMENTS)}`, eq: 1 }, ["path"], /at most 16 segments/],
    ["a long path", { path: `data.${"a".repeat(300)}`, eq: 1 }, ["path"], /at most 256 characters/],
    ["an object to eq", { path: "data.a", eq: { x: 1 } }, ["eq"], /string, a number or a boolean/],
    ["a NUL in a string", { path: "data.a", in: ["ok", "a\u0000b"] }, ["in", "1"], /NUL/],
    ["a NUL in a path", { path: "data.a\u0000", exists: true }, ["path"], /NUL/],
    ["a long string", { path: "data.a", eq: "x".repeat(MAX_STRING_LENGTH + 1) }, ["eq"], /at most 256 characters/],
    ["an empty in", { path: "data.a", in: [] }, ["in"], /non-empty list/],
    ["in with mixed kinds", { path: "data.a", in: ["a", 1] }, ["in", "1"], /one kind of value/],
    ["in with a null", { path: "data.a", nin: ["a", null] }, ["nin", "1"], /string, a number or a boolean/],
    ["a long in", { path: "data.a", in: Array.from({ length: MAX_LIST_VALUES + 1 }, (_, i) => i) }, ["in"], /at most 256 values/],
    ["an exponent bound", { path: "data.a", gte: "1e3" }, ["gte"], /decimal string/],
    ["a decimal bound with a plus", { path: "data.a", lt: "+1" }, ["lt"], /decimal string/],
    ["a boolean bound", { path: "data.a", lte: true }, ["lte"], /number or a decimal string/],
    ["exists not a boolean", { path: "data.a", exists: "yes" }, ["exists"], /true or false/],
    ["an empty and", { and: [] }, ["and"], /non-empty list/],
    ["or not a list", { or: { path: "data.a", eq: 1 } }, ["or"], /non-empty list/],
  ])("refuses %s, naming the place", (_name, filter, path, message) => {
    const parsed = parsePayloadFilter(filter);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues[0]!.path).toEqual(path);
    expect(parsed.issues[0]!.message).toMatch(message);
  });

  it("names the exact place inside combinators", () => {
    const parsed = parsePayloadFilter({ and: [{ path: "data.a", eq: 1 }, { path: "data.total", gte: "1,00" }, { not: { or: [{ path: "x", eq: 1 }] } }] });
    expect(parsed.ok ? [] : parsed.issues.map((i) => i.path)).toEqual([
      ["and", "1", "gte"],
      ["and", "2", "not", "or", "0", "path"],
    ]);
  });

  it("refuses nesting past the depth limit, and takes it at the limit", () => {
    const nest = (levels: number): unknown => (levels === 1 ? { path: "data.a", eq: 1 } : { not: nest(levels - 1) });
    expect(parsePayloadFilter(nest(MAX_FILTER_DEPTH)).ok).toBe(true);
    const deep = parsePayloadFilter(nest(MAX_FILTER_DEPTH + 1));
    expect(deep.ok ? null : deep.issues).toEqual([
      { path: [...Array(MAX_FILTER_DEPTH).fill("not")], message: `nests more than ${MAX_FILTER_DEPTH} levels deep` },
    ]);
  });

  it("refuses a hostile nesting without walking it", () => {
    let hostile: unknown = { path: "data.a", eq: 1 };
    for (let i = 0; i < 100_000; i++) hostile = { not: hostile };
    const parsed = parsePayloadFilter(hostile);
    expect(parsed.ok ? null : parsed.issues.length).toBe(1);
  });

  it("refuses more conditions than the limit, once", () => {
    const leaves = (n: number) => Array.from({ length: n }, () => ({ path: "data.a", eq: 1 }));
    expect(parsePayloadFilter({ or: leaves(MAX_FILTER_NODES - 1) }).ok).toBe(true);
    const over = parsePayloadFilter({ or: [{ and: leaves(40) }, { and: leaves(40) }] });
    expect(over.ok ? null : over.issues).toEqual([
      { path: ["or", "1", "and", "21"], message: `the filter has more than ${MAX_FILTER_NODES} conditions and combinators` },
    ]);
    const wide = parsePayloadFilter({ and: leaves(100_000) });
    expect(wide.ok ? null : wide.issues.map((i) => i.path)).toEqual([["and"]]);
  });

  it("refuses more list values in all than the limit", () => {
    const list = Array.from({ length: MAX_LIST_VALUES }, (_, i) => `v${i}`);
    const lists = (n: number) => ({ or: Array.from({ length: n }, () => ({ path: "data.a", in: list })) });
    expect(parsePayloadFilter(lists(MAX_FILTER_VALUES / MAX_LIST_VALUES)).ok).toBe(true);
    const over = parsePayloadFilter(lists(MAX_FILTER_VALUES / MAX_LIST_VALUES + 1));
    expect(over.ok ? null : over.issues[0]!.path).toEqual(["or", "4", "in"]);
  });

  it("evaluates a filter at every limit quickly", () => {
    const deepPath = `data${".k".repeat(MAX_PATH_SEGMENTS - 1)}`;
    const list = Array.from({ length: MAX_LIST_VALUES }, (_, i) => `value-${i}`);
    const leaf = (i: number): PayloadFilter =>
      i < MAX_FILTER_VALUES / MAX_LIST_VALUES ? { path: deepPath, in: list } : { path: "data.total", gte: `${"9".repeat(60)}.5` };
    const filter: PayloadFilter = { or: Array.from({ length: MAX_FILTER_NODES - 1 }, (_, i) => leaf(i)) };
    expect(parsePayloadFilter(filter).ok).toBe(true);
    const match = compilePayloadFilter(filter);
    let deep: Record<string, unknown> = { k: "miss" };
    for (let i = 0; i < MAX_PATH_SEGMENTS - 2; i++) deep = { k: deep };
    const e = { ...envelope, data: { k: deep, total: "9".repeat(60) } };
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) if (match(e)) throw new Error("matched");
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("compileStoredFilter", () => {
  it("is null without a filter, and matches nothing for one that no longer parses", () => {
    expect(compileStoredFilter(null)).toBeNull();
    expect(compileStoredFilter({ path: "data.a", gte: "1e3" })!(envelope)).toBe(false);
    expect(compileStoredFilter({ path: "data.queueId", eq: "q_7" })!(envelope)).toBe(true);
  });
});
