import { describe, expect, it } from "vitest";
import { requestIdFrom } from "./context.ts";

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
