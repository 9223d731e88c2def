import type { Registry } from "prom-client";
import { GRAPHIQL_ASSETS_PATH } from "./graphiql.ts";
import { answerHealthCheck, HEALTH_CHECK_PATH } from "./health-check.ts";
import type { Handler } from "./http-server.ts";
import { answerPublicMetrics, METRICS_PATH } from "./metrics-listener.ts";
import type { MetricsExposure } from "./metrics.ts";
import { answerReadinessCheck, READINESS_CHECK_PATH, type ReadinessDeps } from "./readiness-check.ts";
import { CONSOLE_PATH } from "./static-path.ts";

export interface Routes {
  readiness: ReadinessDeps;
  metrics: { registry: Registry; exposure: MetricsExposure };
  /** GraphQL over HTTP (api role); without it every other path is 404. */
  graphql: Handler | undefined;
  /** The console's page and files under /console (api role). */
  console?: Handler | undefined;
  /** GraphiQL's files under /graphiql/, while GraphiQL is on. */
  graphiqlAssets?: Handler | undefined;
}

/** The public port: health, readiness and metrics for every role; the console, GraphiQL's files and GraphQL on an api; else 404. */
export function router(routes: Routes): Handler {
  return async (req, res) => {
    const url = req.url ?? "/";
    switch (url) {
      case READINESS_CHECK_PATH:
        return answerReadinessCheck(routes.readiness, res);
      case HEALTH_CHECK_PATH:
        return answerHealthCheck(res);
      case METRICS_PATH:
        return answerPublicMetrics(routes.metrics.registry, routes.metrics.exposure, req, res);
    }
    const handler = (isUnder(url, CONSOLE_PATH) && routes.console) || (url.startsWith(GRAPHIQL_ASSETS_PATH) && routes.graphiqlAssets) || routes.graphql;
    if (handler) return handler(req, res);
    res.writeHead(404).end();
  };
}

/** `/console`, `/console/…` and `/console?…`, not `/consoles`. */
function isUnder(url: string, prefix: string): boolean {
  return url.startsWith(prefix) && (url.length === prefix.length || "/?".includes(url.charAt(prefix.length)));
}
