import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { Registry } from "prom-client";
import { contextFactory, type Context } from "../graphql/context.ts";
import { schema } from "../graphql/schema/index.ts";
import { useIdArguments } from "../graphql/use-id-arguments.ts";
import { useQueryCost } from "../graphql/use-query-cost.ts";
import { useResponseLimit } from "../graphql/use-response-limit.ts";
import { useSharedSubscriptionResults } from "../graphql/use-shared-subscription-results.ts";
import { useSlowSubscriberError } from "../graphql/use-slow-subscriber-error.ts";
import type { Services } from "../app/services.ts";
import { corsHeaders, isPreflight } from "./cors.ts";
import { useGraphQLMetrics } from "./graphql-metrics.ts";
import { attachGraphQLWs } from "./graphql-ws.ts";
import { metricsExposure, serveMetrics, type MetricsExposure } from "./metrics.ts";
import { checkReadiness } from "./readiness.ts";
import { useIntrospectionOff } from "./use-introspection-off.ts";

export interface App {
  /** Resolves with the bound port (pass 0 for any free one); also starts the metrics listener if METRICS_PORT is set. */
  start(port: number, host?: string): Promise<number>;
  /** Stops accepting, closes WebSockets and waits for in-flight requests. */
  stop(): Promise<void>;
  yoga: YogaServerInstance<Record<string, unknown>, Context> | undefined;
  server: Server;
  /** The internal metrics listener's port once started (METRICS_PORT set), else undefined. */
  metricsPort(): number | undefined;
}

export interface AppOptions {
  /** Serve GraphQL (api role); a worker serves only health, readiness and metrics. */
  graphql: boolean;
  metrics: Registry;
}

type Yoga = YogaServerInstance<Record<string, unknown>, Context>;

function buildYoga(services: Services, metrics: Registry) {
  const dev = services.config.NODE_ENV !== "production";
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    context: contextFactory(services),
    graphiql: dev ? { subscriptionsProtocol: "WS" } : false,
    landingPage: false,
    // Yoga always adds a health check; on the path route() answers first (for every role), it never runs.
    healthCheckEndpoint: "/healthz",
    maskedErrors: { isDev: false },
    logging: false,
    // CORS is the handler's (cors.ts): yoga's own would allow any origin.
    cors: false,
    // Each operation of a batch is measured alone and the batch as a whole (cost and response size).
    batching: { limit: 10 },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: 12 },
        maxAliases: { n: 30 },
        maxDirectives: { n: 20 },
        maxTokens: { n: 5_000 },
        // Cost is measured by useQueryCost, which counts list sizes; armor's ignores `first`.
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: !dev },
      }),
      useGraphQLMetrics(metrics, schema),
      ...(services.config.GRAPHQL_INTROSPECTION ? [] : [useIntrospectionOff()]),
      useIdArguments(),
      useQueryCost({ maxCost: 10_000, maxRequestCost: 20_000 }),
      useResponseLimit(16 * 1024 * 1024),
      useSharedSubscriptionResults(),
      useSlowSubscriberError(),
    ],
  });
}

export function buildApp(services: Services, opts: AppOptions): App {
  const yoga = opts.graphql ? buildYoga(services, opts.metrics) : undefined;
  const exposure = metricsExposure(services.config);
  const server = httpServer(services, (req, res) => route(services, opts.metrics, exposure, yoga, req, res));
  const metricsServer = exposure.on === "internal" ? httpServer(services, (req, res) => routeMetrics(opts.metrics, exposure, req, res)) : undefined;
  const stopWs = yoga ? attachGraphQLWs(server, yoga, services) : undefined;
  return {
    yoga,
    server,
    metricsPort: () => (metricsServer?.listening ? (metricsServer.address() as AddressInfo).port : undefined),
    async start(port, host = services.config.HOST) {
      const bound = await listen(server, port, host);
      const internal = metricsServer && exposure.on === "internal" ? await listen(metricsServer, exposure.port, host) : undefined;
      logMetricsExposure(services, exposure, internal);
      return bound;
    },
    async stop() {
      await stopWs?.();
      await Promise.all([close(server), metricsServer && close(metricsServer)]);
      await yoga?.dispose();
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * A Node HTTP server whose requests must arrive whole within HTTP_REQUEST_TIMEOUT_MS (headers
 * within HTTP_HEADERS_TIMEOUT_MS): a client trickling its body would otherwise hold a
 * connection for Node's default of 5 minutes, and more (321 s were seen).
 */
function httpServer(services: Services, handle: Handler): Server {
  const requestTimeout = services.config.HTTP_REQUEST_TIMEOUT_MS;
  // Node refuses a headers timeout longer than the request's, which includes them.
  const headersTimeout = Math.min(services.config.HTTP_HEADERS_TIMEOUT_MS, requestTimeout);
  const server = createServer(
    {
      requestTimeout,
      headersTimeout,
      // How often Node looks for requests past those timeouts: its default of 30 s would add up to that much.
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      handle(req, res).catch((err) => {
        services.log.error({ err }, "request failed");
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    },
  );
  server.keepAliveTimeout = 65_000;
  return server;
}

async function route(services: Services, metrics: Registry, exposure: MetricsExposure, yoga: Yoga | undefined, req: IncomingMessage, res: ServerResponse) {
  const url = req.url ?? "/";
  if (url === "/readyz") {
    const report = await checkReadiness(services);
    res.writeHead(report.ready ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify(report));
    return;
  }
  if (url === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  if (url === "/metrics") {
    if (exposure.on === "public") await serveMetrics(metrics, exposure.token, req, res);
    else res.writeHead(404, { "content-type": "text/plain" }).end("metrics are not served on this port\n");
    return;
  }
  if (!yoga) {
    res.writeHead(404).end();
    return;
  }
  const cors = { method: req.method ?? "GET", origin: req.headers.origin };
  for (const [name, value] of Object.entries(corsHeaders(cors, services.config.CORS_ORIGINS))) res.setHeader(name, value);
  if (isPreflight(cors)) {
    res.writeHead(204, { "content-length": "0" }).end();
    return;
  }
  if (refuseOversizeBody(services.config.MAX_REQUEST_BYTES, req, res)) return;
  // requestListener also writes the response; handleNodeRequestAndResponse only computes it.
  await yoga.requestListener(req, res);
}

/** Refuses a body over the limit: at once when declared, and as it arrives when chunked. True when refused. */
function refuseOversizeBody(maxBytes: number, req: IncomingMessage, res: ServerResponse): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) {
    res.writeHead(413, { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify({ errors: [{ message: `request body larger than ${maxBytes} bytes`, extensions: { code: "BAD_USER_INPUT" } }] }));
    req.destroy();
    return true;
  }
  if (req.headers["transfer-encoding"]) {
    // A chunked body has no declared size: count it as it arrives and cut it off past the limit.
    let seen = 0;
    req.on("data", (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) req.destroy(new Error("request body too large"));
    });
  }
  return false;
}

/** The internal metrics listener serves /metrics and nothing else. */
async function routeMetrics(metrics: Registry, exposure: MetricsExposure & { on: "internal" }, req: IncomingMessage, res: ServerResponse) {
  if (req.url === "/metrics") await serveMetrics(metrics, exposure.token, req, res);
  else res.writeHead(404).end();
}

function logMetricsExposure(services: Services, exposure: MetricsExposure, internalPort: number | undefined) {
  if (exposure.on === "nowhere") {
    services.log.warn("/metrics is not served: set METRICS_PORT (an internal listener) or METRICS_TOKEN (a bearer token on the public port)");
  } else if (exposure.on === "internal") {
    services.log.info({ metricsPort: internalPort, tokenRequired: exposure.token !== undefined }, "/metrics served on its own port");
  } else if (exposure.token === undefined) {
    services.log.info("/metrics served on the public port without a token (NODE_ENV is not production)");
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
