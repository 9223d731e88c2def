import { describe, expect, it } from "vitest";
import { ConflictError, InputError, ServiceUnavailableError } from "../domain/errors.ts";
import { codedError } from "./errors.ts";

describe("codedError", () => {
  it.each([
    ["InputError", new InputError([{ path: ["input", "url"], message: "must be https" }]), "BAD_USER_INPUT", "input.url: must be https"],
    ["ConflictError", new ConflictError("name taken"), "CONFLICT", "name taken"],
    ["ServiceUnavailableError", new ServiceUnavailableError("JetStream is electing", 1), "SERVICE_UNAVAILABLE", "JetStream is electing"],
  ])("gives a domain %s its code", (_name, err, code, message) => {
    const coded = codedError(err, "req_1") as Error & { extensions: Record<string, unknown> };
    expect(coded.extensions.code).toBe(code);
    expect(coded.message).toBe(message);
  });

  it("tells a SERVICE_UNAVAILABLE caller when to retry and which request to quote", () => {
    const coded = codedError(new ServiceUnavailableError("down", 3), "req_1") as Error & { extensions: Record<string, unknown> };
    expect(coded.extensions).toEqual({ code: "SERVICE_UNAVAILABLE", retryAfterSeconds: 3, requestId: "req_1" });
  });

  it("leaves any other error as it is, for Yoga to mask", () => {
    const err = new Error("connection reset");
    expect(codedError(err, "req_1")).toBe(err);
  });
});
