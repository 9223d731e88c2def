import { type AuthFailure, AuthScopeFailureType, type ForbiddenResult } from "@pothos/plugin-scope-auth";
import type { Principal } from "../domain/api-keys.ts";
import type { Context } from "./context.ts";
import { forbidden, unauthenticated } from "./errors.ts";

/** The context of a field with the `org` or `apiKey` scope: the caller's credential names its organization. */
export interface OrgContext extends Context {
  principal: Principal;
}

/**
 * The scopes fields ask for (`authScopes` / `t.withAuth`): `org`, an API key or a portal
 * session, whose organization every tenant-scoped field works in; `apiKey`, an API key only,
 * for what a short-lived console link must not do (mint or list credentials, change the
 * organization); `admin`, ADMIN_TOKEN, for bootstrap and operator fields.
 */
export const authScopes = (ctx: Context) => ({
  org: ctx.principal !== null,
  apiKey: ctx.principal !== null && !ctx.principal.portal,
  admin: ctx.isAdmin,
});

function failedScopes(failure: AuthFailure): string[] {
  if (failure.kind === AuthScopeFailureType.AuthScope) return [failure.scope];
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) return failure.failures.flatMap(failedScopes);
  return [];
}

/**
 * A missing scope as SPEC §4 words it: no caller is UNAUTHENTICATED (401); an organization's
 * credential on an admin field, or a portal session on an API-key field, is FORBIDDEN.
 */
export function unauthorizedError(_parent: unknown, ctx: Context, _info: unknown, result: ForbiddenResult): Error {
  const failed = failedScopes(result.failure);
  if (failed.includes("apiKey") && ctx.principal?.portal) return forbidden("a portal session may not do this: it takes an API key");
  if (!failed.includes("admin")) return unauthenticated();
  if (ctx.principal) return forbidden("only ADMIN_TOKEN may do this");
  return unauthenticated("ADMIN_TOKEN is required: Authorization: Bearer <ADMIN_TOKEN>");
}
