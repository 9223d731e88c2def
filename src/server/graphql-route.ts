import type { Config } from "../config/env.ts";
import { refuseOversizeBody } from "./body-limit.ts";
import { corsHeaders, isPreflight } from "./cors.ts";
import type { Handler } from "./http-server.ts";
import { pageSecurityHeaders } from "./security-headers.ts";
import type { Yoga } from "./yoga.ts";

/** GraphQL over HTTP: Herald's CORS and body limit, then yoga. */
export function graphqlRoute(yoga: Yoga, config: Pick<Config, "CORS_ORIGINS" | "MAX_REQUEST_BYTES">): Handler {
  return async (req, res) => {
    const cors = { method: req.method ?? "GET", origin: req.headers.origin };
    for (const [name, value] of Object.entries(corsHeaders(cors, config.CORS_ORIGINS))) res.setHeader(name, value);
    if (isPreflight(cors)) {
      res.writeHead(204, { "content-length": "0" }).end();
      return;
    }
    if (refuseOversizeBody(config.MAX_REQUEST_BYTES, req, res)) return;
    if (asksForPage(req.method, req.headers.accept)) {
      for (const [name, value] of Object.entries(pageSecurityHeaders([]))) res.setHeader(name, value);
      res.setHeader("cache-control", "no-store");
    }
    // requestListener also writes the response; handleNodeRequestAndResponse only computes it.
    await yoga.requestListener(req, res);
  };
}

/** Yoga answers such a request with GraphiQL (when it is on); API calls never send them and keep their headers lean. */
function asksForPage(method: string | undefined, accept: string | undefined): boolean {
  return method === "GET" && accept?.includes("text/html") === true;
}
