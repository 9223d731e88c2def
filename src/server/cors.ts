/**
 * CORS for the configured browser origins (CORS_ORIGINS) only. Yoga's default reflects any
 * Origin with credentials allowed, which lets any web page a signed-in operator visits call
 * the API as them. Herald authenticates by bearer token, never a cookie, so no response
 * allows credentials. An origin not on the list gets no CORS header: the browser refuses.
 */
export interface CorsRequest {
  method: string;
  origin: string | undefined;
}

const ALLOWED_METHODS = "GET, POST, OPTIONS";
const ALLOWED_HEADERS = "authorization, content-type, accept";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

export const isPreflight = (req: CorsRequest) => req.method === "OPTIONS" && req.origin !== undefined;

/** The CORS headers a response gets. */
export function corsHeaders(req: CorsRequest, allowedOrigins: readonly string[]): Record<string, string> {
  if (req.origin === undefined) return {};
  // Whether the origin is allowed changes the answer, so caches must key on it.
  const headers: Record<string, string> = { vary: "Origin" };
  if (!allowedOrigins.includes(req.origin)) return headers;
  headers["access-control-allow-origin"] = req.origin;
  if (isPreflight(req)) {
    headers["access-control-allow-methods"] = ALLOWED_METHODS;
    headers["access-control-allow-headers"] = ALLOWED_HEADERS;
    headers["access-control-max-age"] = PREFLIGHT_MAX_AGE_SECONDS;
  }
  return headers;
}
