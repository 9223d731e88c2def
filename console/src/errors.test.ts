import { describe, expect, it } from "vitest";
import { type ApiError, errorText, fieldIssues, isUnauthenticated } from "./errors.ts";

const graphQLError = (message: string, extensions: Record<string, unknown>): ApiError => ({ message, graphQLErrors: [{ message, extensions }] });
const badInput = (...issues: { path: string[]; message: string }[]): ApiError => graphQLError("invalid input", { code: "BAD_USER_INPUT", issues });

describe("isUnauthenticated", () => {
  it.each<[string, ApiError | undefined, boolean]>([
    ["no error", undefined, false],
    ["an UNAUTHENTICATED error", graphQLError("a valid API key is required", { code: "UNAUTHENTICATED" }), true],
    ["a 401 answer", { message: "x", graphQLErrors: [], response: { status: 401 } }, true],
    ["another code", graphQLError("nope", { code: "FORBIDDEN" }), false],
  ])("%s → %s", (_, error, expected) => {
    expect(isUnauthenticated(error)).toBe(expected);
  });
});

describe("fieldIssues", () => {
  const FIELDS = ["url", "eventTypes", "retrySchedule"];

  it("puts each issue at the input field its path names, nested paths included", () => {
    const error = badInput(
      { path: ["input", "url"], message: "must be https" },
      { path: ["input", "eventTypes", "1"], message: "bad pattern" },
      { path: ["input", "eventTypes", "2"], message: "unknown type" },
    );
    expect(fieldIssues(error, FIELDS)).toEqual({
      fields: { url: "must be https", eventTypes: "bad pattern (1); unknown type (2)" },
      other: [],
    });
  });

  it("follows aliases, reads argument paths without `input`, and leaves unknown fields to `other`", () => {
    const error = badInput(
      { path: ["input", "retryPolicy", "schedule", "0"], message: "at most 604800" },
      { path: ["graceSeconds"], message: "0 to 604800" },
      { path: ["input", "wireFormat", "preset"], message: "needs HMAC" },
    );
    expect(fieldIssues(error, [...FIELDS, "graceSeconds"], { retryPolicy: "retrySchedule" })).toEqual({
      fields: { retrySchedule: "at most 604800 (schedule.0)", graceSeconds: "0 to 604800" },
      other: ["wireFormat.preset: needs HMAC"],
    });
  });

  it("sends other errors, and a network failure, to `other`", () => {
    expect(fieldIssues(graphQLError("endpoint ep_1 not found", { code: "NOT_FOUND" }), FIELDS)).toEqual({ fields: {}, other: ["endpoint ep_1 not found"] });
    expect(fieldIssues({ message: "x", graphQLErrors: [], networkError: new Error("Failed to fetch") }, FIELDS)).toEqual({
      fields: {},
      other: ["Failed to fetch"],
    });
    expect(fieldIssues(undefined, FIELDS)).toEqual({ fields: {}, other: [] });
  });

  it("ignores issues that are not {path, message}", () => {
    const error = graphQLError("invalid input", { code: "BAD_USER_INPUT", issues: [null, { path: "url", message: 1 }] });
    expect(fieldIssues(error, FIELDS)).toEqual({ fields: {}, other: [] });
  });
});

describe("errorText", () => {
  it("joins the server's messages, else names the network failure", () => {
    expect(errorText({ message: "[GraphQL] a; b", graphQLErrors: [{ message: "a" }, { message: "b" }] })).toBe("a; b");
    expect(errorText({ message: "[Network] down", graphQLErrors: [], networkError: new Error("down") })).toBe("down");
  });
});
