import { describe, expect, it } from "vitest";
import { compileOrderingKey, compileStoredOrdering, MAX_ORDERING_KEY_LENGTH, orderingKeyOf, parseOrdering } from "./ordering.ts";

describe("parseOrdering", () => {
  it.each([
    [{ key: "data.orderId" }, { key: "data.orderId", onFailure: "SKIP" }],
    [
      { key: "data.order.id", onFailure: "BLOCK" },
      { key: "data.order.id", onFailure: "BLOCK" },
    ],
    [
      { key: "type", onFailure: null },
      { key: "type", onFailure: "SKIP" },
    ],
  ])("accepts %j", (raw, ordering) => {
    expect(parseOrdering(raw)).toEqual({ ok: true, ordering });
  });

  it.each([
    [null, []],
    [{}, ["key"]],
    [{ key: "orderId" }, ["key"]],
    [{ key: "data..x" }, ["key"]],
    [{ key: 3 }, ["key"]],
    [{ key: "data.x", onFailure: "RETRY" }, ["onFailure"]],
  ])("refuses %j at %j", (raw, path) => {
    const parsed = parseOrdering(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]!.path).toEqual(path);
  });
});

describe("orderingKeyOf", () => {
  const long = "k".repeat(MAX_ORDERING_KEY_LENGTH + 1);
  it.each([
    ["ord_1", "ord_1"],
    [42, "#42"],
    ["42", "42"],
    [true, "?true"],
    [null, null],
    [undefined, null],
    [{ a: 1 }, null],
    [[1], null],
    [Number.NaN, null],
  ])("%j → %j", (value, key) => {
    expect(orderingKeyOf(value)).toBe(key);
  });

  it("hashes a long key, so two long keys differ and a row stays small", () => {
    const a = orderingKeyOf(long)!;
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(orderingKeyOf(`${long}x`)).not.toBe(a);
  });
});

describe("compileOrderingKey", () => {
  it("reads the key from the envelope's data, own properties only", () => {
    const read = compileOrderingKey("data.auction.id");
    expect(read({ data: { auction: { id: "a1" } } })).toBe("a1");
    expect(read({ data: { auction: {} } })).toBeNull();
    expect(read({ data: Object.create({ auction: { id: "inherited" } }) })).toBeNull();
  });

  it("a stored setting that no longer parses orders nothing", () => {
    expect(compileStoredOrdering({ key: "nope" })).toBeNull();
    expect(compileStoredOrdering({ key: "data.k", onFailure: "BLOCK" })?.onFailure).toBe("BLOCK");
  });
});
