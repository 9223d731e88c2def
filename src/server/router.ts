import type { Registry } from "prom-client";
import { answerHealthCheck, HEALTH_CHECK_PATH } from "./health-check.ts";
import type { Handler } from "./http-server.ts";
import { answerPublicMetrics, METRICS_PATH } from "./metrics-listener.ts";
import type { MetricsExposure } from "./metrics.ts";
import { answerReadinessCheck, READINESS_CHECK_PATH, type ReadinessDeps } from "./readiness-check.ts";

export interface Routes {
  readiness: ReadinessDeps;
  metrics: { registry: Registry; exposure: MetricsExposure };
  /** GraphQL over HTTP (api role); without it every other path is 404. */
  graphql: Handler | undefined;
}

/** The public port: health, readiness and metrics for every role; everything else to GraphQL, or 404 on a worker. */
export function router(routes: Routes): Handler {
  return async (req, res) => {
    switch (req.url ?? "/") {
      case READINESS_CHECK_PATH:
        return answerReadinessCheck(routes.readiness, res);
      case HEALTH_CHECK_PATH:
        return answerHealthCheck(res);
      case METRICS_PATH:
        return answerPublicMetrics(routes.metrics.registry, routes.metrics.exposure, req, res);
    }
    if (routes.graphql) return routes.graphql(req, res);
    res.writeHead(404).end();
  };
}
