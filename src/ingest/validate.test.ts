import { describe, expect, it } from "vitest";
import { parseEventMessage } from "./validate.ts";

const org = "org_01J000000000000000000000";
const good = { id: "evt_1", type: "order.created", timestamp: "2024-12-01T09:20:00Z", organizationId: org, data: { total: "149.99" } };
const enc = (v: unknown) => Buffer.from(JSON.stringify(v));

describe("parseEventMessage", () => {
  it("accepts a well-formed envelope on its own subject", () => {
    const r = parseEventMessage(`events.${org}.order.created`, enc(good));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.envelope.data).toEqual({ total: "149.99" });
  });

  it("accepts data nested exactly 64 levels deep", () => {
    const data = { d: JSON.parse(`${"[".repeat(63)}${"]".repeat(63)}`) };
    expect(parseEventMessage(`events.${org}.order.created`, enc({ ...good, data })).ok).toBe(true);
  });

  it.each([
    ["a subject without a type", `events.${org}`, enc(good), /subject/],
    ["non-JSON", `events.${org}.order.created`, Buffer.from("hello"), /not JSON/],
    ["invalid UTF-8", `events.${org}.order.created`, Buffer.from([0xc3, 0x28]), /UTF-8/],
    ["an oversized message", `events.${org}.order.created`, Buffer.alloc(256 * 1024 + 1, 32), /limit/],
    ["a missing field", `events.${org}.order.created`, enc({ ...good, timestamp: undefined }), /timestamp/],
    ["a wrong type", `events.${org}.order.created`, enc({ ...good, data: "x" }), /data/],
    [
      "a year-0000 timestamp, which Postgres cannot store",
      `events.${org}.order.created`,
      enc({ ...good, timestamp: "0000-06-01T00:00:00+01:00" }),
      /timestamp must be in the years 0001 to 9999/,
    ],
    [
      "a UTC offset of +20:00, which Postgres cannot store",
      `events.${org}.order.created`,
      enc({ ...good, timestamp: "2024-06-01T00:00:00+20:00" }),
      /timestamp must have a UTC offset between/,
    ],
    ["an id with a dot", `events.${org}.order.created`, enc({ ...good, id: "a.b" }), /id/],
    ["another organization in the body", `events.${org}.order.created`, enc({ ...good, organizationId: "org_other" }), /does not match/],
    ["another type in the body", `events.${org}.order.paid`, enc(good), /does not match/],
    ["data nested 65 levels deep", `events.${org}.order.created`, enc({ ...good, data: { d: JSON.parse(`${"[".repeat(64)}${"]".repeat(64)}`) } }), /64 levels/],
  ])("rejects %s with a reason", (_name, subject, data, reason) => {
    const r = parseEventMessage(subject, data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
