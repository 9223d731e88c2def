import { describe, expect, it } from "vitest";
import { requestIdFrom, requestOriginOf } from "./context.ts";

describe("requestIdFrom", () => {
  it.each([
    ["a caller's plain id is kept", "abc-123_x.y:z", "abc-123_x.y:z"],
    ["a UUID is kept", "3f1c9a4e-2b7d-4c1e-9f0a-1d2e3f4a5b6c", "3f1c9a4e-2b7d-4c1e-9f0a-1d2e3f4a5b6c"],
  ])("%s", (_name, header, expected) => {
    expect(requestIdFrom(header)).toBe(expected);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["spaces, which would break a log search", "a b"],
    ["a newline, which would forge a log line", "a\nb"],
    ["a quote", 'a"b'],
    ["129 characters", "x".repeat(129)],
  ])("replaces %s with a fresh req_ id", (_name, header) => {
    expect(requestIdFrom(header)).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describe("requestOriginOf", () => {
  it.each([
    ["an HTTP request", { request: { url: "http://herald.example.com:4000/graphql?x=1" } }, "http://herald.example.com:4000"],
    ["a graphql-ws upgrade request, by its Host header", { req: { headers: { host: "herald.example.com" } } }, "http://herald.example.com"],
    ["a Host header that is no host", { req: { headers: { host: "a b/c" } } }, null],
    ["neither", {}, null],
  ])("%s → %s", (_name, initial, origin) => {
    expect(requestOriginOf(initial)).toBe(origin);
  });
});
