import { createPublicKey, randomBytes, verify } from "node:crypto";
import { describe, it, expect } from "vitest";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { ed25519PrivateKey, ed25519PublicKey } from "./ed25519-key.ts";
import { signPayload, signPayloadV1a } from "./sign.ts";

function newKey(size = 32): { raw: Buffer; secret: string } {
  const raw = randomBytes(size);
  return { raw, secret: `whsec_${raw.toString("base64")}` };
}

interface Verifier {
  verify(payload: string | Buffer, headers: Record<string, string>): unknown;
}

const verifiers: Array<[string, (secret: string) => Verifier]> = [
  ["standardwebhooks", (secret) => new StandardWebhook(secret)],
  ["svix", (secret) => new SvixWebhook(secret)],
];

const bodies: Array<[string, Buffer]> = [
  ["an ASCII envelope", Buffer.from('{"id":"evt_1","type":"order.created","data":{"total":"149.99"}}')],
  ["multi-byte UTF-8", Buffer.from('{"id":"evt_2","data":{"name":"Zoë €5 🎟️"}}')],
  ["an empty body", Buffer.alloc(0)],
];

function headersFor(msgId: string, timestamp: number, signature: string): Record<string, string> {
  return { "webhook-id": msgId, "webhook-timestamp": String(timestamp), "webhook-signature": signature };
}

describe.each(verifiers)("signPayload verified by %s", (_library, makeVerifier) => {
  const now = Math.floor(Date.now() / 1000);

  it.each(bodies)("accepts %s", (_label, body) => {
    const { raw, secret } = newKey();
    const signature = signPayload({ msgId: "evt_1", timestamp: now, body, keys: [raw] });
    expect(() => makeVerifier(secret).verify(body, headersFor("evt_1", now, signature))).not.toThrow();
  });

  it("accepts a 24-byte and a 64-byte key", () => {
    for (const size of [24, 64]) {
      const { raw, secret } = newKey(size);
      const body = bodies[0]![1];
      const signature = signPayload({ msgId: "evt_1", timestamp: now, body, keys: [raw] });
      expect(() => makeVerifier(secret).verify(body, headersFor("evt_1", now, signature))).not.toThrow();
    }
  });

  it("rejects a tampered body", () => {
    const { raw, secret } = newKey();
    const body = bodies[0]![1];
    const signature = signPayload({ msgId: "evt_1", timestamp: now, body, keys: [raw] });
    const tampered = Buffer.from(body.toString().replace("149.99", "0.01"));
    expect(() => makeVerifier(secret).verify(tampered, headersFor("evt_1", now, signature))).toThrow();
  });

  it("rejects a different message id or timestamp", () => {
    const { raw, secret } = newKey();
    const body = bodies[0]![1];
    const signature = signPayload({ msgId: "evt_1", timestamp: now, body, keys: [raw] });
    expect(() => makeVerifier(secret).verify(body, headersFor("evt_2", now, signature))).toThrow();
    expect(() => makeVerifier(secret).verify(body, headersFor("evt_1", now - 1, signature))).toThrow();
  });

  it("rejects the wrong secret", () => {
    const signer = newKey();
    const other = newKey();
    const body = bodies[0]![1];
    const signature = signPayload({ msgId: "evt_1", timestamp: now, body, keys: [signer.raw] });
    expect(() => makeVerifier(other.secret).verify(body, headersFor("evt_1", now, signature))).toThrow();
  });

  it("signs with every key during a rotation, each verifying alone", () => {
    const oldKey = newKey();
    const newerKey = newKey();
    const body = bodies[1]![1];
    const signature = signPayload({ msgId: "evt_9", timestamp: now, body, keys: [newerKey.raw, oldKey.raw] });
    const parts = signature.split(" ");
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.startsWith("v1,"))).toBe(true);
    for (const { secret } of [oldKey, newerKey]) {
      expect(() => makeVerifier(secret).verify(body, headersFor("evt_9", now, signature))).not.toThrow();
    }
    expect(() => makeVerifier(newKey().secret).verify(body, headersFor("evt_9", now, signature))).toThrow();
  });
});

describe("signPayload", () => {
  it("matches the reference signer byte for byte, for a Uint8Array body too", () => {
    const { raw, secret } = newKey();
    const text = '{"id":"evt_3","data":{"city":"Kraków"}}';
    const timestamp = 1_733_044_800;
    const expected = new StandardWebhook(secret).sign("evt_3", new Date(timestamp * 1000), text);
    const fromBuffer = signPayload({ msgId: "evt_3", timestamp, body: Buffer.from(text), keys: [raw] });
    const fromUint8 = signPayload({ msgId: "evt_3", timestamp, body: new TextEncoder().encode(text), keys: [raw] });
    expect(fromBuffer).toBe(expected);
    expect(fromUint8).toBe(expected);
  });

  const invalid: Array<[string, number, Buffer[], string]> = [
    ["a fractional timestamp", 1.5, [randomBytes(32)], "integer unix seconds"],
    ["a NaN timestamp", Number.NaN, [randomBytes(32)], "integer unix seconds"],
    ["no keys", 1_733_044_800, [], "at least one signing key"],
  ];
  it.each(invalid)("refuses %s", (_label, timestamp, keys, message) => {
    expect(() => signPayload({ msgId: "evt_1", timestamp, body: Buffer.from("{}"), keys })).toThrow(message);
  });
});

describe("signPayloadV1a", () => {
  const seeds = [randomBytes(32), randomBytes(32)];
  const keys = seeds.map(ed25519PrivateKey);
  const body = Buffer.from('{"a":"é"}');

  it("gives one `v1a,<base64>` per key, in order, each an ed25519 signature of `id.timestamp.body` under its public key", () => {
    const parts = signPayloadV1a({ msgId: "evt_1", timestamp: 1_700_000_000, body, keys }).split(" ");
    expect(parts).toHaveLength(2);
    const content = Buffer.concat([Buffer.from("evt_1.1700000000."), body]);
    parts.forEach((part, i) => {
      expect(part).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
      const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: ed25519PublicKey(seeds[i]!).toString("base64url") }, format: "jwk" });
      expect(verify(null, content, publicKey, Buffer.from(part.slice(4), "base64"))).toBe(true);
    });
  });

  it.each([
    ["a fractional timestamp", 1.5, keys, "integer unix seconds"],
    ["no keys", 1_700_000_000, [], "at least one signing key"],
  ])("refuses %s", (_label, timestamp, given, message) => {
    expect(() => signPayloadV1a({ msgId: "evt_1", timestamp, body, keys: given })).toThrow(message);
  });
});
