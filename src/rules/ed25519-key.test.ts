import { createPublicKey, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ed25519PrivateKey, ed25519PublicKey, formatPublicKey, generateEd25519Seed, isSigningKeyText, parseSigningKeyText } from "./ed25519-key.ts";
import { InvalidSecretError } from "./secret-key.ts";

// RFC 8032 §7.1, test 1: the seed, its public key, and the signature of the empty message.
const SEED = Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex");
const PUBLIC = Buffer.from("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "hex");
const EMPTY_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
const OTHER_PUBLIC = Buffer.from("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "hex");

const whsk = (bytes: Buffer) => `whsk_${bytes.toString("base64")}`;

describe("ed25519 key pair from a seed", () => {
  it("gives RFC 8032's public key and signature (test 1)", () => {
    expect(ed25519PublicKey(SEED)).toEqual(PUBLIC);
    expect(sign(null, Buffer.alloc(0), ed25519PrivateKey(SEED)).toString("hex")).toBe(EMPTY_SIGNATURE);
  });

  it("shows the public key as whpk_ + base64 of its 32 raw bytes, which a receiver can verify with alone", () => {
    const text = formatPublicKey(SEED);
    expect(text).toBe(`whpk_${PUBLIC.toString("base64")}`);
    const receiverKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(text.slice(5), "base64").toString("base64url") }, format: "jwk" });
    const signature = sign(null, Buffer.from("m"), ed25519PrivateKey(SEED));
    expect(verify(null, Buffer.from("m"), receiverKey, signature)).toBe(true);
  });

  it("generates a fresh 32-byte seed each time", () => {
    const a = generateEd25519Seed();
    expect(a).toHaveLength(32);
    expect(a.equals(generateEd25519Seed())).toBe(false);
  });

  it.each([31, 33, 64])("refuses a %i-byte seed", (n) => {
    expect(() => ed25519PrivateKey(Buffer.alloc(n))).toThrow(RangeError);
  });
});

describe("parseSigningKeyText", () => {
  it.each([
    ["the 32-byte seed", whsk(SEED)],
    ["seed then public key (64 bytes)", whsk(Buffer.concat([SEED, PUBLIC]))],
  ])("takes %s", (_label, text) => {
    expect(isSigningKeyText(text)).toBe(true);
    expect(parseSigningKeyText(text)).toEqual(SEED);
  });

  it.each([
    ["a whsec_ secret", `whsec_${SEED.toString("base64")}`, 'must start with "whsk_"'],
    ["a public key", formatPublicKey(SEED), 'must start with "whsk_"'],
    ["nothing after the prefix", "whsk_", "standard padded base64"],
    ["base64url", `whsk_${Buffer.alloc(32, 0xfb).toString("base64url")}`, "standard padded base64"],
    ["missing padding", whsk(Buffer.alloc(32, 1)).replace(/=+$/, ""), "standard padded base64"],
    ["31 bytes", whsk(Buffer.alloc(31, 1)), "got 31"],
    ["48 bytes", whsk(Buffer.alloc(48, 1)), "got 48"],
    ["a public half of another key", whsk(Buffer.concat([SEED, OTHER_PUBLIC])), "not the public key"],
  ])("refuses %s, without echoing it", (_label, text, message) => {
    expect(() => parseSigningKeyText(text)).toThrow(InvalidSecretError);
    expect(() => parseSigningKeyText(text)).toThrow(message);
    try {
      parseSigningKeyText(text);
    } catch (err) {
      expect((err as Error).message).not.toContain(SEED.toString("base64"));
    }
  });
});
