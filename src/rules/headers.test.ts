import { describe, it, expect } from "vitest";
import { RESERVED_HEADERS, buildDeliveryHeaders, validateCustomHeaders } from "./headers.ts";

describe("RESERVED_HEADERS", () => {
  it("lists the delivery headers in lower case", () => {
    expect(RESERVED_HEADERS).toContain("webhook-signature");
    expect(RESERVED_HEADERS).toContain("x-herald-attempt");
    expect(RESERVED_HEADERS.every((h) => h === h.toLowerCase())).toBe(true);
  });
});

describe("validateCustomHeaders", () => {
  const manyHeaders = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-custom-${i}`, "v"]));

  const valid: Array<[string, Record<string, string>]> = [
    ["no headers", {}],
    ["a typical auth header", { Authorization: "Bearer abc.def", "X-Tenant": "acme" }],
    ["token punctuation in the name", { "x-a!#$%&'*+.^_`|~": "1" }],
    ["tabs, spaces and obs-text in the value", { "x-note": "a\tb c é" }],
    ["an empty value", { "x-empty": "" }],
    ["exactly 32 headers", manyHeaders(32)],
    ["a 4096-character value", { "x-long": "a".repeat(4096) }],
  ];
  it.each(valid)("accepts %s", (_label, headers) => {
    expect(validateCustomHeaders(headers)).toEqual([]);
  });

  const invalid: Array<[string, Record<string, string>, string[]]> = [
    ["a reserved name", { "webhook-signature": "v1,forged" }, ["header webhook-signature is set by Herald"]],
    ["a reserved name in another case", { "Content-Type": "text/plain" }, ["header Content-Type is set by Herald"]],
    ["host", { HOST: "internal.example" }, ["header HOST is set by Herald"]],
    ["a hop-by-hop header", { Upgrade: "websocket" }, ["header Upgrade controls the connection"]],
    ["a space in the name", { "x bad": "1" }, ['header name "x bad" is not a valid HTTP header name']],
    ["a colon in the name", { "x:bad": "1" }, ['header name "x:bad" is not a valid HTTP header name']],
    ["an empty name", { "": "1" }, ['header name "" is not a valid HTTP header name']],
    ["a non-ASCII name", { "x-naïve": "1" }, ['header name "x-naïve" is not a valid HTTP header name']],
    ["CRLF in the value", { "x-inject": "a\r\nx-evil: 1" }, ["value of header x-inject must not contain line breaks"]],
    ["a bare LF in the value", { "x-inject": "a\nb" }, ["value of header x-inject must not contain line breaks"]],
    ["a NUL in the value", { "x-nul": "a\u0000b" }, ["value of header x-nul contains characters not allowed"]],
    ["a DEL in the value", { "x-del": "a\u007fb" }, ["value of header x-del contains characters not allowed"]],
    ["a character beyond Latin-1", { "x-emoji": "🎟" }, ["value of header x-emoji contains characters not allowed"]],
    ["a 4097-character value", { "x-long": "a".repeat(4097) }, ["value of header x-long is longer than 4096 characters"]],
    ["33 headers", manyHeaders(33), ["at most 32 custom headers are allowed, got 33"]],
    ["the same name twice", { "X-Token": "a", "x-token": "b" }, ["header x-token is given more than once"]],
    [
      "several problems at once",
      { "user-agent": "x", "x-ok": "fine", "x-bad": "a\rb" },
      ["header user-agent is set by Herald", "value of header x-bad must not contain line breaks"],
    ],
  ];
  it.each(invalid)("rejects %s", (_label, headers, expected) => {
    const problems = validateCustomHeaders(headers);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((fragment, i) => expect(problems[i]).toContain(fragment));
  });
});

describe("buildDeliveryHeaders", () => {
  const base = {
    signed: { "webhook-id": "evt_01JD", "webhook-timestamp": "1733044800", "webhook-signature": "v1,abc= v1,def=" },
    eventType: "order.created",
    deliveryId: "dlv_01JD",
    attempt: 3,
    version: "0.1.0",
  };

  it("produces exactly the SPEC §6 headers", () => {
    expect(buildDeliveryHeaders(base)).toEqual({
      "webhook-id": "evt_01JD",
      "webhook-timestamp": "1733044800",
      "webhook-signature": "v1,abc= v1,def=",
      "content-type": "application/json",
      "user-agent": "Herald/0.1.0",
      "x-herald-event-type": "order.created",
      "x-herald-delivery-id": "dlv_01JD",
      "x-herald-attempt": "3",
    });
  });

  it("adds custom headers, with reserved ones always winning whatever their case", () => {
    const headers = buildDeliveryHeaders({
      ...base,
      custom: {
        Authorization: "Bearer t",
        "Webhook-Signature": "v1,forged",
        "CONTENT-TYPE": "text/plain",
        Host: "metadata.internal",
        "Transfer-Encoding": "chunked",
        Upgrade: "h2c",
      },
    });
    expect(headers).toEqual({
      authorization: "Bearer t",
      "webhook-id": "evt_01JD",
      "webhook-timestamp": "1733044800",
      "webhook-signature": "v1,abc= v1,def=",
      "content-type": "application/json",
      "user-agent": "Herald/0.1.0",
      "x-herald-event-type": "order.created",
      "x-herald-delivery-id": "dlv_01JD",
      "x-herald-attempt": "3",
    });
  });
  it("sends a wire format's own headers and user-agent, which custom headers cannot replace", () => {
    const headers = buildDeliveryHeaders({
      ...base,
      signed: { "x-comps-signature": "ab12", "user-agent": "Fanfare-Webhooks/1.0" },
      custom: { "X-Comps-Signature": "forged", "x-team": "a" },
    });
    expect(headers).toEqual({
      "x-team": "a",
      "x-comps-signature": "ab12",
      "user-agent": "Fanfare-Webhooks/1.0",
      "content-type": "application/json",
      "x-herald-event-type": "order.created",
      "x-herald-delivery-id": "dlv_01JD",
      "x-herald-attempt": "3",
    });
  });
});
