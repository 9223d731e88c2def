import { describe, expect, it } from "vitest";
import { encodeEnvelope, envelopeSchema, MAX_DATA_DEPTH } from "./envelope.ts";

const valid = { id: "evt_1", type: "order.created", timestamp: "2026-12-06T10:00:00.000Z", organizationId: "org_1", data: { total: 1 } };

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { child: value };
  return value;
}

describe("envelopeSchema", () => {
  it.each([
    ["the documented example", {}],
    ["a producer-chosen id", { id: "A-z_09" }],
    ["a single-segment type", { type: "order" }],
    ["a UTC offset", { timestamp: "2026-12-06T10:00:00+15:59" }],
    ["data at the depth limit", { data: nested(MAX_DATA_DEPTH) }],
    ["empty data", { data: {} }],
  ])("accepts %s", (_case, change) => {
    expect(envelopeSchema.safeParse({ ...valid, ...change }).success).toBe(true);
  });

  it.each([
    ["an id with a space", { id: "evt 1" }, "id", "must be 1–128 characters of A-Za-z0-9_-"],
    ["an id over 128 characters", { id: "a".repeat(129) }, "id", "must be 1–128 characters of A-Za-z0-9_-"],
    ["a type with an empty segment", { type: "order..created" }, "type", "must be dot-separated segments of A-Za-z0-9_-"],
    ["a date without time", { timestamp: "2026-12-06" }, "timestamp", "must be an ISO-8601 date-time"],
    ["the year 0000", { timestamp: "0000-01-01T00:00:00Z" }, "timestamp", "must be in the years 0001 to 9999"],
    ["an offset past 15:59", { timestamp: "2026-12-06T10:00:00+16:00" }, "timestamp", "must have a UTC offset between -15:59 and +15:59"],
    ["an organization id with a NUL", { organizationId: "org\u0000" }, "organizationId", "must be 1–64 characters of A-Za-z0-9_-"],
    ["array data", { data: [1] }, "data", "must be a JSON object"],
    ["null data", { data: null }, "data", "must be a JSON object"],
    ["data past the depth limit", { data: nested(MAX_DATA_DEPTH + 1) }, "data", `must not nest objects and arrays more than ${MAX_DATA_DEPTH} levels deep`],
  ])("refuses %s", (_case, change, field, message) => {
    const result = envelopeSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([field, message]);
  });
});

describe("encodeEnvelope", () => {
  it("writes the fields in the documented order, data as given", () => {
    const reordered = { data: { b: 1, a: [true] }, organizationId: "org_1", timestamp: valid.timestamp, type: "a.b", id: "evt_2" };
    expect(encodeEnvelope(reordered).toString()).toBe(
      '{"id":"evt_2","type":"a.b","timestamp":"2026-12-06T10:00:00.000Z","organizationId":"org_1","data":{"b":1,"a":[true]}}',
    );
  });
});
