import type { Registry } from "prom-client";
import type { Services } from "../app/services.ts";
import { graphqlRoute } from "./graphql-route.ts";
import { attachGraphQLWs } from "./graphql-ws.ts";
import { boundPort, close, createHttpServer, listen } from "./http-server.ts";
import { createMetricsListener, logMetricsExposure } from "./metrics-listener.ts";
import { metricsExposure } from "./metrics.ts";
import { router } from "./router.ts";
import { buildYoga } from "./yoga.ts";

export interface App {
  /** Resolves with the bound port (pass 0 for any free one); also starts the metrics listener if METRICS_PORT is set. */
  start(port: number, host?: string): Promise<number>;
  /** Stops accepting, closes WebSockets and waits for in-flight requests. */
  stop(): Promise<void>;
  /** The internal metrics listener's port once started (METRICS_PORT set), else undefined. */
  metricsPort(): number | undefined;
}

export interface AppOptions {
  /** Serve GraphQL (api role); a worker serves only health, readiness and metrics. */
  graphql: boolean;
  metrics: Registry;
}

/** Herald's HTTP side: the public port (GraphQL over HTTP and graphql-ws, health, readiness, metrics) and, with METRICS_PORT, the internal one. */
export function buildApp(services: Services, opts: AppOptions): App {
  const yoga = opts.graphql ? buildYoga(services, opts.metrics) : undefined;
  const exposure = metricsExposure(services.config);
  const routes = { readiness: services, metrics: { registry: opts.metrics, exposure }, graphql: yoga && graphqlRoute(yoga, services.config) };
  const server = createHttpServer(services, router(routes));
  const metricsServer = exposure.on === "internal" ? createMetricsListener(services, opts.metrics, exposure) : undefined;
  const stopWs = yoga ? attachGraphQLWs(server, yoga, services) : undefined;
  return {
    metricsPort: () => (metricsServer?.listening ? boundPort(metricsServer) : undefined),
    async start(port, host = services.config.HOST) {
      const bound = await listen(server, port, host);
      const internal = metricsServer && exposure.on === "internal" ? await listen(metricsServer, exposure.port, host) : undefined;
      logMetricsExposure(services.log, exposure, internal);
      return bound;
    },
    async stop() {
      await stopWs?.();
      await Promise.all([close(server), metricsServer && close(metricsServer)]);
      await yoga?.dispose();
    },
  };
}
