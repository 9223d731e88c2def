import { createHmac, createPublicKey, randomBytes, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ed25519PublicKey } from "../rules/ed25519-key.ts";
import { VENUE_ENVELOPE } from "../rules/envelope-mapping.ts";
import { encryptSecret } from "../rules/secret-key.ts";
import { signPayload } from "../rules/sign.ts";
import { COMPS, SVIX } from "../rules/wire-format.ts";
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
  wire_format: null,
  envelope: null,
  retry_policy: null,
  timeout_ms: null,
  max_in_flight: null,
  ordering: null,
  secrets: null,
  ...over,
});
const sealed = (raw: Buffer, x: string | null = null, k: "WHSEC" | "RAW" | "ED25519" = "WHSEC") => ({ c: encryptSecret(key, raw).toString("base64"), k, x });
const message = { id: "evt_1", timestamp: 1_733_044_800, eventType: "order.created", body: Buffer.from('{"a":1}') };

describe("toTarget", () => {
  it.each([
    ["enabled and not deleted", row(), true],
    ["disabled", row({ status: "DISABLED" }), false],
    ["deleted", row({ deleted_at: new Date() }), false],
  ])("%s: active is %s", (_name, r, active) => {
    expect(toTarget(r, key).active).toBe(active);
  });

  it("defaults missing headers, and has nothing to sign with without secrets", () => {
    const target = toTarget(row({ headers: null as unknown as Record<string, string> }), key);
    expect(target).toMatchObject({ headers: {}, retryPolicy: null, sign: null, encode: null, rateLimitPerSecond: null, organizationId: "org_1" });
    expect(target).toMatchObject({ timeoutMs: null, maxInFlight: null });
  });

  it("carries the endpoint's own timeout and in-flight ceiling", () => {
    expect(toTarget(row({ timeout_ms: 1_500, max_in_flight: 2 }), key)).toMatchObject({ timeoutMs: 1_500, maxInFlight: 2 });
    expect(toTarget(row({ ordering: { key: "data.k", onFailure: "BLOCK" } }), key).holdsLineOnFailure).toBe(true);
    expect(toTarget(row({ ordering: { key: "data.k", onFailure: "SKIP" } }), key).holdsLineOnFailure).toBe(false);
  });

  it("signs in Standard Webhooks with every valid secret, in the row's order", () => {
    const a = randomBytes(24);
    const b = randomBytes(24);
    const signed = toTarget(row({ secrets: [sealed(a, "2030-01-01T00:00:00Z"), sealed(b)] }), key).sign!(message);
    expect(signed["webhook-signature"]).toBe(signPayload({ msgId: "evt_1", timestamp: message.timestamp, body: message.body, keys: [a, b] }));
  });

  it("signs an imported secret's UTF-8 bytes in the endpoint's HMAC format", () => {
    const imported = "comps-live-secret-0123456789";
    const target = toTarget(row({ wire_format: COMPS, secrets: [sealed(Buffer.from(imported), null, "RAW")] }), key);
    expect(target.sign!(message)["x-comps-signature"]).toBe(createHmac("sha256", imported).update(message.body).digest("hex"));
  });

  it("leaves out an imported secret a Standard Webhooks format cannot sign with", () => {
    const whsec = randomBytes(24);
    const mixed = toTarget(row({ secrets: [sealed(Buffer.from("imported-secret-0123"), "2030-01-01T00:00:00Z", "RAW"), sealed(whsec)] }), key);
    expect(mixed.sign!(message)["webhook-signature"]).toBe(signPayload({ msgId: "evt_1", timestamp: message.timestamp, body: message.body, keys: [whsec] }));
    expect(toTarget(row({ secrets: [sealed(Buffer.from("imported-secret-0123"), null, "RAW")] }), key).sign).toBeNull();
  });

  it("signs `v1a,` with each ed25519 seed, under the Standard Webhooks or Svix names", () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const secrets = [sealed(a, "2030-01-01T00:00:00Z", "ED25519"), sealed(b, null, "ED25519")];
    const content = Buffer.concat([Buffer.from(`evt_1.${message.timestamp}.`), message.body]);
    const publicKey = (seed: Buffer) =>
      createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: ed25519PublicKey(seed).toString("base64url") }, format: "jwk" });
    for (const [format, header] of [
      [null, "webhook-signature"],
      [SVIX, "svix-signature"],
    ] as const) {
      const signatures = toTarget(row({ wire_format: format, secrets }), key).sign!(message)[header]!.split(" ");
      expect(signatures.map((s) => s.slice(0, 4))).toEqual(["v1a,", "v1a,"]);
      expect(verify(null, content, publicKey(a), Buffer.from(signatures[0]!.slice(4), "base64"))).toBe(true);
      expect(verify(null, content, publicKey(b), Buffer.from(signatures[1]!.slice(4), "base64"))).toBe(true);
    }
  });

  it("leaves out an ed25519 key an HMAC_HEADERS format cannot sign with", () => {
    expect(toTarget(row({ wire_format: COMPS, secrets: [sealed(randomBytes(32), null, "ED25519")] }), key).sign).toBeNull();
  });

  it("compiles the envelope mapping and keeps the retry policy", () => {
    const policy = { power: 1.5, baseSeconds: 1, maxAttempts: 41, jitterSeconds: 1 };
    const target = toTarget(row({ envelope: VENUE_ENVELOPE, retry_policy: policy }), key);
    expect(target.retryPolicy).toEqual(policy);
    const body = target.encode!({ id: "evt_1", type: "t.x", timestamp: "2026-12-06T00:00:00Z", organizationId: "org_1", data: { n: 1 } });
    expect(body.toString()).toBe('{"id":"evt_1","event":"t.x","payload":{"n":1}}');
  });
});

describe("targetExpiry", () => {
  const ttlEnd = Date.parse("2026-01-01T00:01:00Z");
  it.each([
    ["no secrets", null, ttlEnd],
    ["secrets that never expire", [{ c: "", k: "WHSEC" as const, x: null }], ttlEnd],
    ["a secret expiring after the ttl", [{ c: "", k: "WHSEC" as const, x: "2026-01-01T00:05:00Z" }], ttlEnd],
    [
      "the earliest secret expiring before the ttl",
      [
        { c: "", k: "WHSEC" as const, x: "2026-01-01T00:00:40Z" },
        { c: "", k: "WHSEC" as const, x: "2026-01-01T00:00:20Z" },
      ],
      Date.parse("2026-01-01T00:00:20Z"),
    ],
  ])("with %s", (_name, secrets, expected) => {
    expect(targetExpiry({ secrets }, ttlEnd)).toBe(expected);
  });
});
