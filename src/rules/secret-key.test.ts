import { randomBytes } from "node:crypto";
import { describe, it, expect } from "vitest";
import { InvalidSecretError, SecretDecryptionError, decryptSecret, encryptSecret, formatSecret, generateSecret, parseSecret } from "./secret-key.ts";

const b64 = (size: number): string => randomBytes(size).toString("base64");

describe("generateSecret", () => {
  it("produces whsec_ + base64 of 32 random bytes that parseSecret accepts", () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseSecret(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });
});

describe("parseSecret / formatSecret", () => {
  const valid: Array<[string, number]> = [
    ["24 bytes", 24],
    ["32 bytes", 32],
    ["64 bytes", 64],
  ];
  it.each(valid)("round-trips %s", (_label, size) => {
    const raw = randomBytes(size);
    const secret = formatSecret(raw);
    expect(secret.startsWith("whsec_")).toBe(true);
    expect(parseSecret(secret).equals(raw)).toBe(true);
  });

  const malformed: Array<[string, string, string]> = [
    ["no prefix", b64(32), 'must start with "whsec_"'],
    ["a differently cased prefix", `WHSEC_${b64(32)}`, 'must start with "whsec_"'],
    ["an empty key", "whsec_", "padded base64"],
    ["characters outside base64", `whsec_${b64(32).slice(0, -4)}!!!=`, "padded base64"],
    ["base64url alphabet", `whsec_${"-_".repeat(22)}`, "padded base64"],
    ["missing padding", `whsec_${b64(32).replace(/=+$/, "")}`, "padded base64"],
    ["embedded whitespace", `whsec_${b64(32).slice(0, 20)} ${b64(32).slice(20)}`, "padded base64"],
    ["non-zero trailing bits", `whsec_${"A".repeat(42)}B=`, "padded base64"],
    ["16 bytes", `whsec_${b64(16)}`, "24 to 64 bytes, got 16"],
    ["23 bytes", `whsec_${b64(23)}`, "24 to 64 bytes, got 23"],
    ["65 bytes", `whsec_${b64(65)}`, "24 to 64 bytes, got 65"],
  ];
  it.each(malformed)("rejects %s", (_label, secret, message) => {
    expect(() => parseSecret(secret)).toThrow(InvalidSecretError);
    expect(() => parseSecret(secret)).toThrow(message);
  });

  it("does not echo the secret in its error", () => {
    const key = b64(16);
    expect(() => parseSecret(`whsec_${key}`)).toThrow(InvalidSecretError);
    expect(() => parseSecret(`whsec_${key}`)).not.toThrow(key);
  });
});

describe("encryptSecret / decryptSecret", () => {
  const key = randomBytes(32);

  it.each([24, 32, 64])("round-trips a %i-byte secret", (size) => {
    const raw = randomBytes(size);
    const blob = encryptSecret(key, raw);
    expect(blob).toHaveLength(12 + 16 + size);
    expect(decryptSecret(key, blob).equals(raw)).toBe(true);
  });

  it("uses a fresh nonce each time", () => {
    const raw = randomBytes(32);
    const a = encryptSecret(key, raw);
    const b = encryptSecret(key, raw);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it("does not contain the plaintext bytes", () => {
    const raw = randomBytes(32);
    const blob = encryptSecret(key, raw);
    expect(blob.includes(raw)).toBe(false);
    expect(blob.includes(raw.subarray(0, 8))).toBe(false);
  });

  const raw = randomBytes(32);
  const blob = encryptSecret(key, raw);
  const flip = (at: number): Buffer => {
    const copy = Buffer.from(blob);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };
  const failures: Array<[string, Buffer, Buffer]> = [
    ["the wrong key", randomBytes(32), blob],
    ["a tampered nonce", key, flip(0)],
    ["a tampered tag", key, flip(12)],
    ["a tampered ciphertext", key, flip(blob.length - 1)],
    ["a truncated ciphertext", key, blob.subarray(0, blob.length - 1)],
    ["a blob shorter than nonce and tag", key, blob.subarray(0, 27)],
  ];
  it.each(failures)("fails with %s", (_label, decryptKey, input) => {
    expect(() => decryptSecret(decryptKey, input)).toThrow(SecretDecryptionError);
  });

  it.each([16, 31, 33])("refuses a %i-byte encryption key", (size) => {
    expect(() => encryptSecret(randomBytes(size), raw)).toThrow("encryption key must be 32 bytes");
    expect(() => decryptSecret(randomBytes(size), blob)).toThrow("encryption key must be 32 bytes");
  });
});
