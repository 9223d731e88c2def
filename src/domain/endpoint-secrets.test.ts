import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatPublicKey } from "../rules/ed25519-key.ts";
import { decryptSecret, generateSecret } from "../rules/secret-key.ts";
import { COMPS, DEFAULT_WIRE_FORMAT, SVIX } from "../rules/wire-format.ts";
import { checkSchemeFitsFormat, newSecret, parseSecretInput } from "./endpoint-secrets.ts";
import { InputError } from "./errors.ts";

const secretsKey = randomBytes(32);
const SEED = Buffer.alloc(32, 7);
const whsk = (bytes: Buffer) => `whsk_${bytes.toString("base64")}`;

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.issues;
    throw err;
  }
  return [];
}

describe("secrets of signatureScheme ED25519", () => {
  it("generates a fresh key pair: the row holds the seed encrypted, the caller sees the whpk_ public key", () => {
    const { row, key } = newSecret(secretsKey, undefined, ["input", "secret"], DEFAULT_WIRE_FORMAT, "ED25519");
    expect(row.kind).toBe("ED25519");
    const seed = decryptSecret(secretsKey, Buffer.from(row.ciphertext));
    expect(seed).toHaveLength(32);
    expect(key).toBe(formatPublicKey(seed));
    expect(Buffer.from(row.ciphertext).includes(seed)).toBe(false);
  });

  it.each([
    ["the 32-byte seed", whsk(SEED)],
    ["seed and public key", whsk(Buffer.concat([SEED, Buffer.from(formatPublicKey(SEED).slice(5), "base64")]))],
  ])("takes a whsk_ key given as %s", (_label, secret) => {
    const { row, key } = newSecret(secretsKey, secret, ["secret"], SVIX, "ED25519");
    expect(decryptSecret(secretsKey, Buffer.from(row.ciphertext))).toEqual(SEED);
    expect(key).toBe(formatPublicKey(SEED));
  });

  it.each([
    ["a whsec_ secret", generateSecret()],
    ["an imported secret", "sk_live_0123456789abcdef"],
    ["a whsk_ key of 40 bytes", whsk(Buffer.alloc(40, 1))],
  ])("refuses %s under the secret's path, without echoing it", (_label, secret) => {
    const issues = issuesOf(() => parseSecretInput(secret, ["input", "secret"], DEFAULT_WIRE_FORMAT, "ED25519"));
    expect(issues).toEqual([{ path: ["input", "secret"], message: expect.stringContaining("with signatureScheme ED25519") }]);
    expect(issues[0]!.message).not.toContain(secret);
  });

  it("refuses a whsk_ key with HMAC_SHA256, even in HMAC_HEADERS where other strings are imported as they are", () => {
    for (const format of [DEFAULT_WIRE_FORMAT, COMPS]) {
      const issues = issuesOf(() => parseSecretInput(whsk(SEED), ["secret"], format));
      expect(issues).toEqual([{ path: ["secret"], message: expect.stringContaining("set signatureScheme ED25519") }]);
    }
  });
});

describe("checkSchemeFitsFormat", () => {
  it.each([
    ["ED25519", COMPS, true],
    ["ED25519", SVIX, false],
    ["ED25519", DEFAULT_WIRE_FORMAT, false],
    ["HMAC_SHA256", COMPS, false],
  ] as const)("%s with %o: refused %s", (scheme, format, refused) => {
    const issues = issuesOf(() => checkSchemeFitsFormat(scheme, format, ["input", "signatureScheme"]));
    if (refused) expect(issues).toEqual([{ path: ["input", "signatureScheme"], message: expect.stringContaining("STANDARD_WEBHOOKS and SVIX") }]);
    else expect(issues).toEqual([]);
  });
});
