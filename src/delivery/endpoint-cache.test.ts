import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptSecret } from "../rules/secret-key.ts";
import type { DeliveryTargetRow } from "../store/endpoints.ts";
import { targetExpiry, toTarget } from "./endpoint-cache.ts";

const key = randomBytes(32);
const row = (over: Partial<DeliveryTargetRow> = {}): DeliveryTargetRow => ({
  id: "ep_1",
  organization_id: "org_1",
  url: "https://example.com/hook",
  status: "ENABLED",
  deleted_at: null,
  headers: { "x-a": "1" },
  rate_limit_per_second: null,
  retry_schedule: null,
  secrets: null,
  ...over,
});
const sealed = (raw: Buffer, x: string | null = null) => ({ c: encryptSecret(key, raw).toString("base64"), x });

describe("toTarget", () => {
  it.each([
    ["enabled and not deleted", row(), true],
    ["disabled", row({ status: "DISABLED" }), false],
    ["deleted", row({ deleted_at: new Date() }), false],
  ])("%s: active is %s", (_name, r, active) => {
    expect(toTarget(r, key).active).toBe(active);
  });

  it("defaults missing headers, retry schedule and secrets", () => {
    const target = toTarget(row({ headers: null as unknown as Record<string, string> }), key);
    expect(target).toMatchObject({ headers: {}, retrySchedule: [], keys: [], rateLimitPerSecond: null, organizationId: "org_1" });
  });

  it("decrypts every valid secret, in the row's order", () => {
    const a = randomBytes(24);
    const b = randomBytes(24);
    expect(toTarget(row({ secrets: [sealed(a, "2030-01-01T00:00:00Z"), sealed(b)] }), key).keys).toEqual([a, b]);
  });
});

describe("targetExpiry", () => {
  const ttlEnd = Date.parse("2026-01-01T00:01:00Z");
  it.each([
    ["no secrets", null, ttlEnd],
    ["secrets that never expire", [{ c: "", x: null }], ttlEnd],
    ["a secret expiring after the ttl", [{ c: "", x: "2026-01-01T00:05:00Z" }], ttlEnd],
    [
      "the earliest secret expiring before the ttl",
      [
        { c: "", x: "2026-01-01T00:00:40Z" },
        { c: "", x: "2026-01-01T00:00:20Z" },
      ],
      Date.parse("2026-01-01T00:00:20Z"),
    ],
  ])("with %s", (_name, secrets, expected) => {
    expect(targetExpiry({ secrets }, ttlEnd)).toBe(expected);
  });
});
