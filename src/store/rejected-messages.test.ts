import { describe, expect, it } from "vitest";
import { rejectedMessagesCte, rejectedMessagesValues } from "./rejected-messages.ts";

describe("rejectedMessagesCte", () => {
  it.each([1, 7, 20])("numbers its parameters from $%i, one per value", (first) => {
    const params = [...rejectedMessagesCte(first).matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
    const values = rejectedMessagesValues([]);
    expect(params).toEqual(values.map((_, i) => first + i));
  });
});
