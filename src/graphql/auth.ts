import { type AuthFailure, AuthScopeFailureType, type ForbiddenResult } from "@pothos/plugin-scope-auth";
import type { Principal } from "../domain/api-keys.ts";
import type { Context } from "./context.ts";
import { forbidden, unauthenticated } from "./errors.ts";

/** The context of a field with the `org` scope: the caller's API key names its organization. */
export interface OrgContext extends Context {
  principal: Principal;
}

/**
 * The scopes fields ask for (`authScopes` / `t.withAuth`): `org`, an API key, whose organization
 * every tenant-scoped field works in; `admin`, ADMIN_TOKEN, for bootstrap operations.
 */
export const authScopes = (ctx: Context) => ({ org: ctx.principal !== null, admin: ctx.isAdmin });

function failedScopes(failure: AuthFailure): string[] {
  if (failure.kind === AuthScopeFailureType.AuthScope) return [failure.scope];
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) return failure.failures.flatMap(failedScopes);
  return [];
}

/** A missing scope as SPEC §4 words it: no caller is UNAUTHENTICATED (401); an API key on an admin field is FORBIDDEN. */
export function unauthorizedError(_parent: unknown, ctx: Context, _info: unknown, result: ForbiddenResult): Error {
  if (!failedScopes(result.failure).includes("admin")) return unauthenticated();
  if (ctx.principal) return forbidden("only ADMIN_TOKEN may do this");
  return unauthenticated("ADMIN_TOKEN is required: Authorization: Bearer <ADMIN_TOKEN>");
}
