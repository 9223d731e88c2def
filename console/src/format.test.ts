import { describe, expect, it } from "vitest";
import { attemptSucceeded, formatFigure, formatRate, formatReadiness, heldQuestion, heldReleaseText, localInputToIso, prettyJson } from "./format.ts";

describe("format", () => {
  it.each([
    [null, "—"],
    [1, "100%"],
    [0, "0%"],
    [0.9876, "98.8%"],
  ])("rate %s → %s", (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });

  it("reads a datetime-local value as local time, and nothing else", () => {
    expect(localInputToIso("2026-01-02T03:04")).toBe(new Date(2026, 0, 2, 3, 4).toISOString());
    expect(localInputToIso("")).toBeNull();
    expect(localInputToIso("soon")).toBeNull();
  });

  it("indents JSON and leaves other text as it is", () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson("not json")).toBe("not json");
  });

  it.each([
    [{ responseStatus: 204 }, true],
    [{ responseStatus: 500 }, false],
    [{ responseStatus: null, error: "TIMEOUT" }, false],
    [{ responseStatus: 302 }, false],
  ])("attempt %j succeeded: %s", (attempt, ok) => {
    expect(attemptSucceeded(attempt)).toBe(ok);
  });
});

describe("system panel figures", () => {
  it.each([
    [true, "ready"],
    [false, "down"],
    [null, "unknown"],
    [undefined, "unknown"],
  ] as const)("readiness %s → %s", (ready, text) => {
    expect(formatReadiness(ready)).toBe(text);
  });
  it.each([
    [null, 0, "unknown"],
    [1234, 0, "1,234"],
    [2.345, 1, "2.3"],
    [0, 2, "0"],
  ] as const)("figure %s (%s digits) → %s", (value, digits, text) => {
    expect(formatFigure(value, digits)).toBe(text);
  });
});

describe("held deliveries", () => {
  it.each([
    [1, "Send the 1 held delivery?"],
    [1234, "Send the 1,234 held deliveries?"],
  ])("%s → %s", (held, text) => {
    expect(heldQuestion(held)).toBe(text);
  });
  it("says what the last enable did, expired ones only when there were some", () => {
    const at = "2026-12-06T12:00:00Z";
    expect(heldReleaseText({ at, released: 5, cancelled: 0, expired: 0 })).toMatch(/: 5 sent, 0 dropped\.$/);
    expect(heldReleaseText({ at, released: 0, cancelled: 3, expired: 2 })).toMatch(/: 0 sent, 3 dropped, 2 expired \(payload gone\)\.$/);
  });
});
