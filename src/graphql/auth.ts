import type { Context } from "./context.ts";
import { forbidden, unauthenticated } from "./errors.ts";

/** The organization every tenant-scoped field works in: the one owning the caller's API key. */
export function requireOrg(ctx: Context): string {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal.organizationId;
}

/** Bootstrap operations need ADMIN_TOKEN; an API key is a valid caller, just not allowed here. */
export function requireAdmin(ctx: Context): void {
  if (ctx.isAdmin) return;
  if (ctx.principal) throw forbidden("only ADMIN_TOKEN may do this");
  throw unauthenticated("ADMIN_TOKEN is required: Authorization: Bearer <ADMIN_TOKEN>");
}
