import type { YogaInitialContext } from "graphql-yoga";
import { authenticate, bearerToken, isAdminToken, type Principal } from "../domain/api-keys.ts";
import { newId } from "../rules/ids.ts";
import type { Services } from "../app/services.ts";

export interface Context {
  services: Services;
  /** Set when the caller presented a valid, unrevoked API key or an unexpired portal token. */
  principal: Principal | null;
  /** True when the caller presented ADMIN_TOKEN. */
  isAdmin: boolean;
  /** The caller's `x-request-id` when it is a plain token, else a fresh `req_` id: what logs and errors quote. */
  requestId: string;
  /** The origin the caller reached Herald at (protocol and Host header), when known: where links point without PUBLIC_URL. */
  requestOrigin: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** A caller's own request id is kept (so its logs and Herald's line up) only when it is a plain token. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && REQUEST_ID.test(header) ? header : newId("req");
}

/** What telling a caller apart takes: the admin token and the API keys' and portal sessions' tables. */
export type CallerDeps = { config: Pick<Services["config"], "ADMIN_TOKEN">; db: Pick<Services["db"], "prisma"> };

/** Resolves the caller from the Authorization header (HTTP) or connectionParams.authorization (graphql-ws). */
export async function resolveCaller(services: CallerDeps, authorization: string | undefined | null): Promise<Pick<Context, "principal" | "isAdmin">> {
  const token = bearerToken(authorization);
  if (!token) return { principal: null, isAdmin: false };
  if (isAdminToken(token, services.config.ADMIN_TOKEN)) return { principal: null, isAdmin: true };
  return { principal: await authenticate(services.db.prisma, token), isAdmin: false };
}

/** The origin of an HTTP request (yoga's Request), or of a graphql-ws connection's upgrade request (its Host header). */
export function requestOriginOf(initial: { request?: { url?: string }; req?: { headers?: { host?: string } } }): string | null {
  const url = initial.request?.url ?? (initial.req?.headers?.host ? `http://${initial.req.headers.host}/` : undefined);
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

export function contextFactory(services: Services) {
  return async (initial: YogaInitialContext & { connectionParams?: Record<string, unknown>; req?: { headers?: { host?: string } } }): Promise<Context> => {
    const fromWs = initial.connectionParams?.authorization;
    const authorization = typeof fromWs === "string" ? fromWs : initial.request?.headers.get("authorization");
    const requestId = requestIdFrom(initial.request?.headers.get("x-request-id"));
    return { services, requestId, requestOrigin: requestOriginOf(initial), ...(await resolveCaller(services, authorization)) };
  };
}
