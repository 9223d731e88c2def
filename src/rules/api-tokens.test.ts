import { describe, expect, it } from "vitest";
import { bearerToken, generateToken, hashToken, isAdminToken, isApiKeyShaped, tokenPrefix } from "./api-tokens.ts";

describe("bearerToken", () => {
  it.each([
    [undefined, undefined],
    [null, undefined],
    ["", undefined],
    ["Bearer sk_abc", "sk_abc"],
    ["bearer sk_abc", "sk_abc"],
    ["  Bearer   sk_abc  ", "sk_abc"],
    ["Basic dXNlcjpwYXNz", undefined],
    ["Bearer", undefined],
    ["Bearer two tokens", undefined],
  ])("%j → %j", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe("isApiKeyShaped", () => {
  it.each([
    ["sk_abc", true],
    [`sk_${"a".repeat(197)}`, true],
    [`sk_${"a".repeat(198)}`, false],
    ["pk_abc", false],
    ["", false],
  ])("%s → %s", (token, shaped) => {
    expect(isApiKeyShaped(token)).toBe(shaped);
  });
});

describe("isAdminToken", () => {
  it.each([
    ["admin-secret", "admin-secret", true],
    ["admin-secret", "other", false],
    ["admin-secret", undefined, false],
    ["", "", false],
  ])("%j against %j → %s", (token, admin, expected) => {
    expect(isAdminToken(token, admin)).toBe(expected);
  });
});

describe("generateToken", () => {
  it("makes distinct, API-key-shaped tokens whose stored parts do not reveal them", () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).not.toBe(b);
    expect(isApiKeyShaped(a)).toBe(true);
    expect(a).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(tokenPrefix(a)).toBe(a.slice(0, 10));
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(hashToken(b));
  });
});
