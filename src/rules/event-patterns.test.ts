import { describe, it, expect } from "vitest";
import { isPattern, matchesAny, matchesEventType, validateEventTypeName, validatePattern } from "./event-patterns.ts";

describe("isPattern", () => {
  it.each([
    ["*", true],
    ["order.*", true],
    ["order.*.added", true],
    ["order.created", false],
    ["order", false],
  ])("%s → %s", (s, expected) => {
    expect(isPattern(s)).toBe(expected);
  });
});

describe("validateEventTypeName", () => {
  it.each(["order", "order.created", "order.item.added", "Ticket_Sold-v2.EU", "a".repeat(128), "1.2.3"])("accepts %s", (name) => {
    expect(validateEventTypeName(name)).toBeNull();
  });

  it.each([
    ["", "1 to 128 characters"],
    ["a".repeat(129), "1 to 128 characters"],
    [".order", "empty segment"],
    ["order.", "empty segment"],
    ["order..created", "empty segment"],
    ["order.*", "may contain only letters"],
    ["*", "may contain only letters"],
    ["order created", "may contain only letters"],
    ["order/created", "may contain only letters"],
    ["commande.créée", "may contain only letters"],
  ])("rejects %j", (name, message) => {
    expect(validateEventTypeName(name)).toContain(message);
  });
});

describe("validatePattern", () => {
  it.each(["*", "order.*", "*.created", "order.*.added", "*.*", "order.created"])("accepts %s", (pattern) => {
    expect(validatePattern(pattern)).toBeNull();
  });

  it.each([
    ["", "1 to 128 characters"],
    [`${"a.".repeat(64)}*`, "1 to 128 characters"],
    ["order*", 'must be "*" or letters'],
    ["ord*.created", 'must be "*" or letters'],
    ["**", 'must be "*" or letters'],
    ["order.**", 'must be "*" or letters'],
    ["order.", "empty segment"],
    ["order..*", "empty segment"],
    ["order.>", 'must be "*" or letters'],
  ])("rejects %j", (pattern, message) => {
    expect(validatePattern(pattern)).toContain(message);
  });
});

describe("matchesEventType", () => {
  const cases: Array<[string, string, boolean]> = [
    ["*", "order", true],
    ["*", "order.created", true],
    ["*", "order.item.added", true],
    ["order.*", "order.created", true],
    ["order.*", "order.item.added", true],
    ["order.*", "order", false],
    ["order.*", "orders.created", false],
    ["order.*", "ticket.order.created", false],
    ["*.created", "order.created", true],
    ["*.created", "order.item.created", false],
    ["*.created", "created", false],
    ["order.*.added", "order.item.added", true],
    ["order.*.added", "order.added", false],
    ["order.*.added", "order.item.line.added", false],
    ["order.*.added", "order.item.removed", false],
    ["order.*.*", "order.item.added", true],
    ["order.*.*", "order.item.line.added", true],
    ["order.*.*", "order.item", false],
    ["order.created", "order.created", true],
    ["order.created", "order.created.v2", false],
    ["order.created", "order", false],
    ["order.created", "Order.created", false],
  ];
  it.each(cases)("%s vs %s → %s", (pattern, type, expected) => {
    expect(matchesEventType(pattern, type)).toBe(expected);
  });
});

describe("matchesAny", () => {
  it.each([
    [["order.created", "ticket.*"], "ticket.sold", true],
    [["order.created", "ticket.*"], "order.created", true],
    [["order.created", "ticket.*"], "order.cancelled", false],
    [[], "order.created", false],
    [["*"], "anything.at.all", true],
  ])("%j vs %s → %s", (patterns, type, expected) => {
    expect(matchesAny(patterns, type)).toBe(expected);
  });
});
