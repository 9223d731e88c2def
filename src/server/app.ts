import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { usePrometheus } from "@graphql-yoga/plugin-prometheus";
import type { DocumentNode, GraphQLError } from "graphql";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import type { Registry } from "prom-client";
import { WebSocketServer } from "ws";
import { contextFactory, resolveCaller, type Context } from "../graphql/context.ts";
import { unauthenticated } from "../graphql/errors.ts";
import { schema } from "../graphql/schema/index.ts";
import { useIdArguments } from "../graphql/use-id-arguments.ts";
import { useQueryCost } from "../graphql/use-query-cost.ts";
import { useResponseLimit } from "../graphql/use-response-limit.ts";
import { useSharedSubscriptionResults } from "../graphql/use-shared-subscription-results.ts";
import { useSlowSubscriberError } from "../graphql/use-slow-subscriber-error.ts";
import { revokedApiKeyIds } from "../domain/api-keys.ts";
import { onApiKeyRevoked } from "../nats/api-key-revocations.ts";
import { onNatsReconnect } from "../nats/connection.ts";
import type { Services } from "../services.ts";
import { KeyConnections } from "./key-connections.ts";
import { checkReadiness } from "./readiness.ts";

export interface App {
  /** Resolves with the bound port (pass 0 for any free one). */
  start(port: number, host?: string): Promise<number>;
  /** Stops accepting, closes WebSockets and waits for in-flight requests. */
  stop(): Promise<void>;
  yoga: YogaServerInstance<Record<string, unknown>, Context> | undefined;
  server: Server;
}

export interface AppOptions {
  /** Serve GraphQL (api role); a worker serves only health, readiness and metrics. */
  graphql: boolean;
  metrics: Registry;
}

function buildYoga(services: Services, metrics: Registry) {
  const dev = services.config.NODE_ENV !== "production";
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    context: contextFactory(services),
    graphiql: dev ? { subscriptionsProtocol: "WS" } : false,
    landingPage: false,
    healthCheckEndpoint: "/healthz",
    maskedErrors: { isDev: false },
    logging: false,
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
      usePrometheus({
        // Served by the HTTP handler below for every role, from the same registry.
        endpoint: false,
        registry: metrics,
        metrics: {
          graphql_envelop_request_duration: true,
          graphql_envelop_request: true,
          graphql_envelop_error_result: true,
          graphql_yoga_http_duration: true,
        },
      }),
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
  const maxBytes = services.config.MAX_REQUEST_BYTES;

  async function handle(req: IncomingMessage, res: ServerResponse) {
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
      res.writeHead(200, { "content-type": opts.metrics.contentType }).end(await opts.metrics.metrics());
      return;
    }
    if (!yoga) {
      res.writeHead(404).end();
      return;
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      res.writeHead(413, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ errors: [{ message: `request body larger than ${maxBytes} bytes`, extensions: { code: "BAD_USER_INPUT" } }] }));
      req.destroy();
      return;
    }
    if (req.headers["transfer-encoding"]) {
      // A chunked body has no declared size: count it as it arrives and cut it off past the limit.
      let seen = 0;
      req.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > maxBytes) req.destroy(new Error("request body too large"));
      });
    }
    // requestListener also writes the response; handleNodeRequestAndResponse only computes it.
    await yoga.requestListener(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      services.log.error({ err }, "request failed");
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  let wss: WebSocketServer | undefined;
  let disposeWs: (() => void | Promise<void>) | undefined;
  if (yoga) {
    wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: maxBytes });
    const keyConnections = new KeyConnections();
    const stopRevocations = onApiKeyRevoked(services.nats.nc, (apiKeyId) => keyConnections.revoke(apiKeyId));
    // Revocations announced while this process was cut off from NATS never reach it: once
    // back, it asks the database about the keys it has connections for.
    const stopCatchingUp = onNatsReconnect(services.nats.nc, () => {
      revokedApiKeyIds(services.db.prisma, keyConnections.keys()).then(
        (ids) => ids.forEach((id) => keyConnections.revoke(id)),
        (err: unknown) => services.log.warn({ err: (err as Error).message }, "revoked keys not re-checked after the NATS reconnect"),
      );
    });
    const disposable = useServer<Record<string, unknown>>(
      {
        // A connection without a valid key (or ADMIN_TOKEN) is closed at once with 4403 Forbidden.
        onConnect: async (ctx) => {
          const authorization = ctx.connectionParams?.authorization;
          const caller = await resolveCaller(services, typeof authorization === "string" ? authorization : undefined);
          if (caller.principal) keyConnections.add(caller.principal.apiKeyId, ctx.extra.socket);
          return caller.principal !== null || caller.isAdmin;
        },
        execute: (args: any) => args.rootValue.execute(args),
        subscribe: (args: any) => args.rootValue.subscribe(args),
        onSubscribe: async (ctx, _id, params) => {
          // Same envelope as HTTP: auth, validation and armor limits apply to WebSocket operations too.
          const { schema: s, execute, subscribe, contextFactory: makeContext, parse, validate } = yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params,
            connectionParams: ctx.connectionParams,
          });
          let document: DocumentNode;
          try {
            document = parse(params.query);
          } catch (err) {
            // A query refused at parse (syntax, token or alias limits) fails this operation
            // with its error, as over HTTP, instead of closing the client's whole connection.
            // By name: the armor plugins may throw from another copy of graphql (CJS/ESM).
            if (err instanceof Error && err.name === "GraphQLError") return [err as GraphQLError];
            throw err;
          }
          const errors = validate(s, document);
          if (errors.length > 0) return errors;
          const contextValue = await makeContext();
          if (!contextValue.principal && !contextValue.isAdmin) {
            // The key was valid at onConnect and has been revoked since, without the announcement
            // reaching this process (lost, or still on its way): end the connection, and with it
            // the subscriptions it still runs.
            ctx.extra.socket.close(CloseCode.Forbidden, "Forbidden");
            return [unauthenticated()];
          }
          return {
            schema: s,
            operationName: params.operationName,
            document,
            variableValues: params.variables,
            contextValue,
            rootValue: { execute, subscribe },
          };
        },
      },
      wss,
      15_000,
    );
    disposeWs = () => {
      stopRevocations();
      stopCatchingUp();
      return disposable.dispose();
    };
  }

  return {
    yoga,
    server,
    start(port, host = services.config.HOST) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    async stop() {
      await disposeWs?.();
      for (const client of wss?.clients ?? []) client.close(1001, "server shutting down");
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await yoga?.dispose();
    },
  };
}
