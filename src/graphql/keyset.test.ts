import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, keysetOrder, keysetWhere, pageArgsIssues, requestedPageSize, type SortKey } from "./keyset.ts";

const ID: SortKey[] = [{ field: "id", kind: "id" }];
const EVENTS: SortKey[] = [
  { field: "createdAt", kind: "date" },
  { field: "id", kind: "id" },
];
const at = new Date("2026-12-06T04:00:00.123Z");
const b64 = (s: string) => Buffer.from(s).toString("base64url");

describe("pageArgsIssues", () => {
  it.each([
    [{ first: 1 }, []],
    [{ first: 100 }, []],
    [{ first: 101 }, ["first"]],
    [{ first: -1 }, ["first"]],
    [{ last: 1_000 }, ["last"]],
    [{ first: 1, last: 1 }, ["last"]],
    [{ after: "a", before: "b" }, ["before"]],
    [{}, []],
  ])("%j → %j", (args, paths) => {
    expect(pageArgsIssues(args).map((i) => i.path.join("."))).toEqual(paths);
  });

  it.each([
    [{ first: 5 }, 5],
    [{ last: 7 }, 7],
    [{}, 20],
  ])("page size of %j is %d", (args, size) => {
    expect(requestedPageSize(args)).toBe(size);
  });
});

describe("cursors", () => {
  it("round-trips the sort key of a row", () => {
    expect(decodeCursor(encodeCursor(["dlv_01M94S75DTGGNM0K22MZQR0RJA"]), ID)).toEqual(["dlv_01M94S75DTGGNM0K22MZQR0RJA"]);
    expect(decodeCursor(encodeCursor([at, "order-42"]), EVENTS)).toEqual([at, "order-42"]);
  });

  it.each([
    ["empty", ""],
    ["not base64url", "a+b/c="],
    ["not JSON", b64("{nope")],
    ["not an array", b64('{"id":"x"}')],
    ["wrong width", b64('["a","b"]')],
    ["NUL in the id", b64('["a\\u0000b"]')],
    ["a number", b64("[42]")],
    ["too long", "A".repeat(600)],
    ["the old Pothos format", b64("GPC:S:dlv_01M94S75DTGGNM0K22MZQR0RJA")],
  ])("refuses %s", (_name, cursor) => {
    expect(decodeCursor(cursor, ID)).toBeNull();
  });

  it.each([
    ["a date that is not ISO", b64('["yesterday","evt_1"]')],
    ["an impossible date", b64('["2026-13-45T00:00:00.000Z","evt_1"]')],
    ["an id where the date goes", b64('["evt_1","evt_1"]')],
  ])("refuses an event cursor with %s", (_name, cursor) => {
    expect(decodeCursor(cursor, EVENTS)).toBeNull();
  });
});

describe("keysetWhere", () => {
  it.each([
    ["one key, forward", ID, ["x"], "lt", { id: { lt: "x" } }],
    ["one key, backward", ID, ["x"], "gt", { id: { gt: "x" } }],
    [
      "two keys: the first bounds the scan, the second breaks ties",
      EVENTS,
      [at, "e"],
      "lt",
      { AND: [{ createdAt: { lte: at } }, { OR: [{ createdAt: { lt: at } }, { id: { lt: "e" } }] }] },
    ],
  ] as const)("%s", (_name, keys, values, op, expected) => {
    expect(keysetWhere(keys, values, op)).toEqual(expected);
  });

  it("orders newest first, reversed for a backward page", () => {
    expect(keysetOrder(EVENTS, false)).toEqual([{ createdAt: "desc" }, { id: "desc" }]);
    expect(keysetOrder(EVENTS, true)).toEqual([{ createdAt: "asc" }, { id: "asc" }]);
  });
});
