import { describe, expect, it } from "vitest";
import { parseFrameAncestor, parseFrameAncestors } from "./frame-ancestors.ts";

const NOT_AN_ORIGIN = { problem: "is not an origin (scheme://host[:port])" };
const NOT_HTTPS = { problem: "must be https:// (http:// only for localhost or 127.0.0.1)" };

describe("parseFrameAncestor", () => {
  it.each([
    ["https://app.example.com", { origin: "https://app.example.com" }],
    ["https://app.example.com/", { origin: "https://app.example.com" }],
    ["https://app.example.com:8443", { origin: "https://app.example.com:8443" }],
    ["https://APP.example.com", NOT_AN_ORIGIN],
    ["https://app.example.com:443", NOT_AN_ORIGIN],
    ["http://localhost:5173", { origin: "http://localhost:5173" }],
    ["http://127.0.0.1:3000", { origin: "http://127.0.0.1:3000" }],
    ["http://app.example.com", NOT_HTTPS],
    ["http://[::1]:3000", NOT_HTTPS],
    ["ftp://app.example.com", NOT_HTTPS],
    ["https://app.example.com/embed", NOT_AN_ORIGIN],
    ["https://app.example.com?x=1", NOT_AN_ORIGIN],
    ["https://*.example.com", NOT_AN_ORIGIN],
    ["https://a.example.com; script-src *", NOT_AN_ORIGIN],
    ["https://a.example.com https://b.example.com", NOT_AN_ORIGIN],
    ["'self'", NOT_AN_ORIGIN],
    ["*", NOT_AN_ORIGIN],
    ["data:text/html,x", NOT_AN_ORIGIN],
    ["", NOT_AN_ORIGIN],
  ])("%j → %j", (value, expected) => {
    expect(parseFrameAncestor(value)).toEqual(expected);
  });
});

describe("parseFrameAncestors", () => {
  it("normalizes and drops duplicates", () => {
    expect(parseFrameAncestors(["https://a.example.com/", "https://a.example.com", "http://localhost:1"])).toEqual({
      origins: ["https://a.example.com", "http://localhost:1"],
    });
  });
  it("names each bad item by index", () => {
    expect(parseFrameAncestors(["https://ok.example.com", "http://x.example.com", "nope"])).toEqual({
      problems: [
        { index: 1, ...NOT_HTTPS },
        { index: 2, ...NOT_AN_ORIGIN },
      ],
    });
  });
  it("allows 20 and refuses 21", () => {
    const origins = Array.from({ length: 21 }, (_, i) => `https://o${i}.example.com`);
    expect(parseFrameAncestors(origins.slice(0, 20))).toEqual({ origins: origins.slice(0, 20) });
    expect(parseFrameAncestors(origins)).toEqual({ problems: [{ index: null, problem: "must list at most 20 origins" }] });
  });
  it("takes an empty list", () => {
    expect(parseFrameAncestors([])).toEqual({ origins: [] });
  });
});
