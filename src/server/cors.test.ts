import { describe, expect, it } from "vitest";
import { corsHeaders, isPreflight } from "./cors.ts";

const allowed = ["https://console.example", "http://localhost:5173"];
const preflightHeaders = {
  vary: "Origin",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, accept",
  "access-control-max-age": "600",
};

describe("corsHeaders", () => {
  it.each([
    ["POST without an Origin (not a browser, or same-origin GET)", { method: "POST", origin: undefined }, allowed, {}],
    [
      "POST from a listed origin",
      { method: "POST", origin: "https://console.example" },
      allowed,
      { vary: "Origin", "access-control-allow-origin": "https://console.example" },
    ],
    [
      "POST from the other listed origin",
      { method: "POST", origin: "http://localhost:5173" },
      allowed,
      { vary: "Origin", "access-control-allow-origin": "http://localhost:5173" },
    ],
    ["POST from an unlisted origin", { method: "POST", origin: "https://evil.example" }, allowed, { vary: "Origin" }],
    ["a listed origin's spelling with a path is another string", { method: "POST", origin: "https://console.example/" }, allowed, { vary: "Origin" }],
    ["the null origin of a sandboxed page", { method: "POST", origin: "null" }, allowed, { vary: "Origin" }],
    [
      "preflight from a listed origin",
      { method: "OPTIONS", origin: "https://console.example" },
      allowed,
      { ...preflightHeaders, "access-control-allow-origin": "https://console.example" },
    ],
    ["preflight from an unlisted origin", { method: "OPTIONS", origin: "https://evil.example" }, allowed, { vary: "Origin" }],
    ["any origin when none is configured", { method: "OPTIONS", origin: "https://console.example" }, [], { vary: "Origin" }],
  ])("%s", (_name, req, origins, headers) => {
    expect(corsHeaders(req, origins)).toEqual(headers);
    expect(JSON.stringify(corsHeaders(req, origins))).not.toMatch(/credentials/i);
  });
});

describe("isPreflight", () => {
  it.each([
    [{ method: "OPTIONS", origin: "https://a.example" }, true],
    [{ method: "OPTIONS", origin: undefined }, false],
    [{ method: "POST", origin: "https://a.example" }, false],
  ])("%o -> %s", (req, expected) => {
    expect(isPreflight(req)).toBe(expected);
  });
});
