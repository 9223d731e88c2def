import { AuthScopeFailureType, type AuthFailure } from "@pothos/plugin-scope-auth";
import { describe, expect, it } from "vitest";
import { authScopes, unauthorizedError } from "./auth.ts";
import type { Context } from "./context.ts";

type Who = "nobody" | "apiKey" | "portal" | "admin";
const principals: Record<Who, Context["principal"]> = {
  nobody: null,
  apiKey: { apiKeyId: "key_1", organizationId: "org_1" },
  portal: { organizationId: "org_1", portal: { sessionId: "ps_1", readOnly: false, expiresAt: new Date(0) } },
  admin: null,
};
const caller = (who: Who) => ({ principal: principals[who], isAdmin: who === "admin", requestId: "req_1" }) as Context;

const missing = (scope: string): AuthFailure => ({
  kind: AuthScopeFailureType.AnyAuthScopes,
  failures: [{ kind: AuthScopeFailureType.AuthScope, scope, parameter: true, error: null }],
});

describe("authScopes", () => {
  it.each([
    ["nobody", { org: false, apiKey: false, admin: false }],
    ["apiKey", { org: true, apiKey: true, admin: false }],
    ["portal", { org: true, apiKey: false, admin: false }],
    ["admin", { org: false, apiKey: false, admin: true }],
  ] as const)("gives %s %o", (who, scopes) => {
    expect(authScopes(caller(who))).toEqual(scopes);
  });
});

describe("unauthorizedError", () => {
  it.each([
    ["no caller on an org field", "nobody", "org", "UNAUTHENTICATED", /a valid API key is required/],
    ["ADMIN_TOKEN on an org field", "admin", "org", "UNAUTHENTICATED", /a valid API key is required/],
    ["no caller on an admin field", "nobody", "admin", "UNAUTHENTICATED", /ADMIN_TOKEN is required/],
    ["an API key on an admin field", "apiKey", "admin", "FORBIDDEN", /only ADMIN_TOKEN/],
    ["a portal session on an admin field", "portal", "admin", "FORBIDDEN", /only ADMIN_TOKEN/],
    ["a portal session on an API-key field", "portal", "apiKey", "FORBIDDEN", /a portal session may not do this/],
    ["no caller on an API-key field", "nobody", "apiKey", "UNAUTHENTICATED", /a valid API key is required/],
    ["ADMIN_TOKEN on an API-key field", "admin", "apiKey", "UNAUTHENTICATED", /a valid API key is required/],
  ] as const)("answers %s with %s", (_name, who, scope, code, message) => {
    const error = unauthorizedError(null, caller(who), null, { message: "", failure: missing(scope) }) as Error & { extensions: Record<string, unknown> };
    expect(error.extensions.code).toBe(code);
    expect(error.message).toMatch(message);
    if (code === "UNAUTHENTICATED") expect(error.extensions.http).toEqual({ status: 401 });
  });
});
