import type { YogaInitialContext } from "graphql-yoga";
import { authenticateApiKey, bearerToken, isAdminToken, type Principal } from "../domain/api-keys.ts";
import { newId } from "../rules/ids.ts";
import type { Services } from "../app/services.ts";

export interface Context {
  services: Services;
  /** Set when the caller presented a valid, unrevoked API key. */
  principal: Principal | null;
  /** True when the caller presented ADMIN_TOKEN. */
  isAdmin: boolean;
  /** The caller's `x-request-id` when it is a plain token, else a fresh `req_` id: what logs and errors quote. */
  requestId: string;
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** A caller's own request id is kept (so its logs and Herald's line up) only when it is a plain token. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && REQUEST_ID.test(header) ? header : newId("req");
}

/** What telling a caller apart takes: the admin token and the API keys' table. */
export type CallerDeps = { config: Pick<Services["config"], "ADMIN_TOKEN">; db: Pick<Services["db"], "prisma"> };

/** Resolves the caller from the Authorization header (HTTP) or connectionParams.authorization (graphql-ws). */
export async function resolveCaller(services: CallerDeps, authorization: string | undefined | null): Promise<Pick<Context, "principal" | "isAdmin">> {
  const token = bearerToken(authorization);
  if (!token) return { principal: null, isAdmin: false };
  if (isAdminToken(token, services.config.ADMIN_TOKEN)) return { principal: null, isAdmin: true };
  return { principal: await authenticateApiKey(services.db.prisma, token), isAdmin: false };
}

export function contextFactory(services: Services) {
  return async (initial: YogaInitialContext & { connectionParams?: Record<string, unknown> }): Promise<Context> => {
    const fromWs = initial.connectionParams?.authorization;
    const authorization = typeof fromWs === "string" ? fromWs : initial.request?.headers.get("authorization");
    const requestId = requestIdFrom(initial.request?.headers.get("x-request-id"));
    return { services, requestId, ...(await resolveCaller(services, authorization)) };
  };
}
