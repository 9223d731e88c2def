import { describe, expect, it } from "vitest";
import {
  decodeHeaders,
  encodeReceivedHeaders,
  encodeSentHeaders,
  MAX_KEPT_RESPONSE_HEADER_CHARS,
  MAX_KEPT_RESPONSE_HEADERS,
  type ReceivedHeaders,
  TRUNCATION_MARKER,
} from "./attempt-headers.ts";

const many = (n: number): ReceivedHeaders => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-h${i}`, "v"]));
const names = (stored: string) => decodeHeaders(stored).map((h) => h.name);

describe("encodeSentHeaders / decodeHeaders", () => {
  it.each<[string, Record<string, string>]>([
    ["none", {}],
    ["signed headers in order", { "webhook-id": "evt_1", "webhook-signature": "v1,abc=", "content-type": "application/json" }],
    ["quotes, backslashes and obs-text", { "x-note": 'say "hi" \\ é' }],
  ])("round-trips %s", (_, headers) => {
    expect(decodeHeaders(encodeSentHeaders(headers))).toEqual(Object.entries(headers).map(([name, value]) => ({ name, value })));
  });

  it("reads an attempt stored before headers were kept as none", () => {
    expect(decodeHeaders(null)).toEqual([]);
  });
});

describe("encodeReceivedHeaders", () => {
  const big = "x".repeat(MAX_KEPT_RESPONSE_HEADER_CHARS);
  const cases: [string, ReceivedHeaders, string[]][] = [
    ["nothing", {}, []],
    ["a repeated header, one entry per value", { "set-cookie": ["a=1", "b=2"], "content-type": "text/plain" }, ["set-cookie", "set-cookie", "content-type"]],
    ["an absent value", { "x-a": undefined, "x-b": "1" }, ["x-b"]],
    ["exactly the most headers kept", many(MAX_KEPT_RESPONSE_HEADERS), Object.keys(many(MAX_KEPT_RESPONSE_HEADERS))],
    ["one header over the count", many(MAX_KEPT_RESPONSE_HEADERS + 1), [...Object.keys(many(MAX_KEPT_RESPONSE_HEADERS)), TRUNCATION_MARKER]],
    ["a huge header left out, the small ones after it kept", { "x-big": big, "content-type": "text/plain" }, ["content-type", TRUNCATION_MARKER]],
    ["a header that fills the budget exactly", { "x-a": "y".repeat(MAX_KEPT_RESPONSE_HEADER_CHARS - 3) }, ["x-a"]],
  ];
  it.each(cases)("keeps %s", (_, headers, kept) => {
    expect(names(encodeReceivedHeaders(headers))).toEqual(kept);
  });

  it("counts what it left out in the marker and stays within the budget", () => {
    const headers = { ...many(60), "x-big": big };
    const kept = decodeHeaders(encodeReceivedHeaders(headers));
    expect(kept.at(-1)).toEqual({ name: TRUNCATION_MARKER, value: "11 more not kept" });
    const chars = kept.slice(0, -1).reduce((n, h) => n + h.name.length + h.value.length, 0);
    expect(chars).toBeLessThanOrEqual(MAX_KEPT_RESPONSE_HEADER_CHARS);
  });
});
