import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, frameAncestorsSource, pageSecurityHeaders } from "./security-headers.ts";

describe("frameAncestorsSource", () => {
  it.each([
    ["nobody", [], "'none'"],
    ["one origin", ["https://app.example.com"], "https://app.example.com"],
    ["origins with ports and a wildcard subdomain", ["https://a.example:8443", "https://*.example.com"], "https://a.example:8443 https://*.example.com"],
    ["http for local development", ["http://localhost:3000"], "http://localhost:3000"],
    ["duplicates once", ["https://a.example", "https://a.example"], "https://a.example"],
    ["a path is dropped", ["https://a.example/portal"], "'none'"],
    ["a keyword is dropped", ["'self'", "*", "https:"], "'none'"],
    ["a directive smuggled after ; is dropped", ["https://a.example; script-src *"], "'none'"],
    ["a header break is dropped", ["https://a.example\r\nx-evil: 1"], "'none'"],
    ["a bad one among good ones", ["javascript:alert(1)", "https://ok.example"], "https://ok.example"],
  ])("%s", (_name, origins, expected) => {
    expect(frameAncestorsSource(origins)).toBe(expected);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows only same-origin scripts, no plugins, no base rewrite", () => {
    const directives = contentSecurityPolicy([]).split("; ");
    expect(directives).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
      ]),
    );
    expect(directives.find((d) => d.startsWith("script-src"))).not.toMatch(/unsafe|https?:|\*/);
  });
});

describe("pageSecurityHeaders", () => {
  it.each([
    ["not framable: X-Frame-Options DENY as well", [], "frame-ancestors 'none'", "DENY"],
    ["framable by the organization's origins: no X-Frame-Options", ["https://app.example.com"], "frame-ancestors https://app.example.com", undefined],
    ["only invalid origins: as not framable", ["https://a.example/x"], "frame-ancestors 'none'", "DENY"],
  ])("%s", (_name, origins, directive, xFrameOptions) => {
    const headers = pageSecurityHeaders(origins);
    expect(headers["content-security-policy"]).toContain(directive);
    expect(headers["x-frame-options"]).toBe(xFrameOptions);
    expect(headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cross-origin-opener-policy": "same-origin",
    });
  });
});
