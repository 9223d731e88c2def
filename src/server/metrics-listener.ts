import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import type { Logger } from "../log.ts";
import { createHttpServer, type HttpServerDeps } from "./http-server.ts";
import { serveMetrics, type MetricsExposure } from "./metrics.ts";

export const METRICS_PATH = "/metrics";

/** /metrics on the public port: served there only when the exposure says so. */
export async function answerPublicMetrics(registry: Registry, exposure: MetricsExposure, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (exposure.on === "public") await serveMetrics(registry, exposure.token, req, res);
  else res.writeHead(404, { "content-type": "text/plain" }).end("metrics are not served on this port\n");
}

/** The internal metrics listener (METRICS_PORT) serves /metrics and nothing else. */
export function createMetricsListener(deps: HttpServerDeps, registry: Registry, exposure: MetricsExposure & { on: "internal" }): Server {
  return createHttpServer(deps, async (req, res) => {
    if (req.url === METRICS_PATH) await serveMetrics(registry, exposure.token, req, res);
    else res.writeHead(404).end();
  });
}

export function logMetricsExposure(log: Logger, exposure: MetricsExposure, internalPort: number | undefined): void {
  if (exposure.on === "nowhere") {
    log.warn("/metrics is not served: set METRICS_PORT (an internal listener) or METRICS_TOKEN (a bearer token on the public port)");
  } else if (exposure.on === "internal") {
    log.info({ metricsPort: internalPort, tokenRequired: exposure.token !== undefined }, "/metrics served on its own port");
  } else if (exposure.token === undefined) {
    log.info("/metrics served on the public port without a token (NODE_ENV is not production)");
  }
}
