import { describe, expect, it } from "vitest";
import { examplePayload } from "./example-payload.ts";

describe("examplePayload (as domain/deliveries.ts sends it)", () => {
  it.each<[string, unknown, Record<string, unknown>]>([
    ["no schema", null, { test: true }],
    ["not an object schema", { type: "string" }, { test: true }],
    [
      "examples first, then placeholders for required properties",
      {
        type: "object",
        required: ["id", "total", "paid", "tags"],
        properties: {
          id: { type: "string" },
          total: { type: "number", example: 9.5 },
          paid: { type: "boolean" },
          tags: { type: "array" },
          note: { type: "string" },
          cur: { examples: ["EUR"] },
        },
      },
      { id: "example", total: 9.5, paid: true, tags: [], cur: "EUR" },
    ],
  ])("%s", (_, schema, payload) => {
    expect(examplePayload(schema)).toEqual(payload);
  });
});
