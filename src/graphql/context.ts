import type { YogaInitialContext } from "graphql-yoga";
import { authenticateApiKey, bearerToken, isAdminToken, type Principal } from "../domain/api-keys.ts";
import type { Services } from "../services.ts";

export interface Context {
  services: Services;
  /** Set when the caller presented a valid, unrevoked API key. */
  principal: Principal | null;
  /** True when the caller presented ADMIN_TOKEN. */
  isAdmin: boolean;
}

/** Resolves the caller from the Authorization header (HTTP) or connectionParams.authorization (graphql-ws). */
export async function resolveCaller(services: Services, authorization: string | undefined | null): Promise<Pick<Context, "principal" | "isAdmin">> {
  const token = bearerToken(authorization);
  if (!token) return { principal: null, isAdmin: false };
  if (isAdminToken(token, services.config.ADMIN_TOKEN)) return { principal: null, isAdmin: true };
  return { principal: await authenticateApiKey(services.db.prisma, token), isAdmin: false };
}

export function contextFactory(services: Services) {
  return async (initial: YogaInitialContext & { connectionParams?: Record<string, unknown> }): Promise<Context> => {
    const fromWs = initial.connectionParams?.authorization;
    const authorization = typeof fromWs === "string" ? fromWs : initial.request?.headers.get("authorization");
    return { services, ...(await resolveCaller(services, authorization)) };
  };
}
