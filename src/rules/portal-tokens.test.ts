import { describe, expect, it } from "vitest";
import { generatePortalToken, isPortalTokenShaped, portalSessionSecondsProblem, portalTokenHash, portalUrl } from "./portal-tokens.ts";

describe("generatePortalToken", () => {
  it("is hps_ and 32 random bytes in base64url, and shaped like one", () => {
    const token = generatePortalToken();
    expect(token).toMatch(/^hps_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
    expect(isPortalTokenShaped(token)).toBe(true);
    expect(generatePortalToken()).not.toBe(token);
  });
});

describe("isPortalTokenShaped", () => {
  it.each([
    [`hps_${"a".repeat(43)}`, true],
    [`hps_${"a".repeat(42)}`, false],
    [`hps_${"a".repeat(44)}`, false],
    [`sk_${"a".repeat(44)}`, false],
    ["", false],
  ])("%s → %s", (token, shaped) => {
    expect(isPortalTokenShaped(token)).toBe(shaped);
  });
});

describe("portalTokenHash", () => {
  it("is the 32-byte SHA-256 of the token", () => {
    expect(portalTokenHash("abc").toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(portalTokenHash("hps_x").equals(portalTokenHash("hps_y"))).toBe(false);
  });
});

describe("portalSessionSecondsProblem", () => {
  it.each([
    [60, null],
    [3600, null],
    [86_400, null],
    [59, "must be a whole number of seconds from 60 to 86400"],
    [86_401, "must be a whole number of seconds from 60 to 86400"],
    [90.5, "must be a whole number of seconds from 60 to 86400"],
    [-60, "must be a whole number of seconds from 60 to 86400"],
  ])("%d s: %s", (seconds, problem) => {
    expect(portalSessionSecondsProblem(seconds)).toBe(problem);
  });
});

describe("portalUrl", () => {
  it("names the organization in the query and keeps the token in the fragment", () => {
    expect(portalUrl("https://herald.example.com", "org_1", "hps_abc")).toBe("https://herald.example.com/console?organization=org_1#portal=hps_abc");
  });
});
