import type { Config } from "../config/env.ts";
import { refuseOversizeBody } from "./body-limit.ts";
import { corsHeaders, isPreflight } from "./cors.ts";
import type { Handler } from "./http-server.ts";
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
    // requestListener also writes the response; handleNodeRequestAndResponse only computes it.
    await yoga.requestListener(req, res);
  };
}
