import type { Registry } from "prom-client";
import type { Services } from "../app/services.ts";
import { graphqlRoute } from "./graphql-route.ts";
import { consoleRoute, DEFAULT_CONSOLE_DIR, type FrameAncestors } from "./console-route.ts";
import { graphiqlAssetsRoute } from "./graphiql.ts";
import { attachGraphQLWs } from "./graphql-ws.ts";
import { boundPort, close, createHttpServer, listen } from "./http-server.ts";
import { createMetricsListener, logMetricsExposure } from "./metrics-listener.ts";
import { metricsExposure } from "./metrics.ts";
import { router } from "./router.ts";
import { CompressionCache } from "./static-files.ts";
import { buildYoga, graphiqlEnabled, type Yoga } from "./yoga.ts";

export interface App {
  /** Resolves with the bound port (pass 0 for any free one); also starts the metrics listener if METRICS_PORT is set. */
  start(port: number, host?: string): Promise<number>;
  /** Stops accepting, closes WebSockets and waits for in-flight requests. */
  stop(): Promise<void>;
  /** The internal metrics listener's port once started (METRICS_PORT set), else undefined. */
  metricsPort(): number | undefined;
}

export interface AppOptions {
  /** Serve GraphQL and the console (api role); a worker serves only health, readiness and metrics. */
  graphql: boolean;
  metrics: Registry;
  /** The origins that may frame an organization's console (its portal). */
  frameAncestors: FrameAncestors;
}

/**
 * Herald's HTTP side: the public port (GraphQL over HTTP and graphql-ws, the console, health,
 * readiness, metrics) and, with METRICS_PORT, the internal one.
 */
export function buildApp(services: Services, opts: AppOptions): App {
  const yoga = opts.graphql ? buildYoga(services, opts.metrics) : undefined;
  const exposure = metricsExposure(services.config);
  const routes = { readiness: services, metrics: { registry: opts.metrics, exposure }, ...(yoga ? webRoutes(yoga, services, opts) : { graphql: undefined }) };
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

function webRoutes(yoga: Yoga, services: Pick<Services, "config" | "log">, opts: AppOptions) {
  const compression = new CompressionCache();
  const dir = services.config.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR;
  return {
    graphql: graphqlRoute(yoga, services.config),
    console: consoleRoute({ dir, frameAncestors: opts.frameAncestors, compression, log: services.log }),
    graphiqlAssets: graphiqlEnabled(services.config) ? graphiqlAssetsRoute(compression) : undefined,
  };
}
