import type { Server } from "node:http";
import type { DocumentNode, ExecutionArgs, GraphQLError } from "graphql";
import { CloseCode, type OperationResult, type Context as WsContext, type SubscribePayload } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { Config } from "../config/env.ts";
import { type CallerDeps, resolveCaller } from "../graphql/context.ts";
import { tooManyOperations, unauthenticated } from "../graphql/errors.ts";
import type { Services } from "../app/services.ts";
import { awaitSlice } from "../realtime/slices.ts";
import { closeAtExpiry, KeyConnections } from "./key-connections.ts";
import { followKeyRevocations } from "./key-revocations.ts";
import type { Yoga } from "./yoga.ts";

/** What prepareOperation puts in rootValue: yoga's enveloped execute and subscribe for the operation. */
type Enveloped = Record<"execute" | "subscribe", (args: ExecutionArgs) => OperationResult>;

/**
 * The close code of a connection refused because its API key already holds
 * MAX_CONNECTIONS_PER_KEY connections on this process: 1013 Try Again Later, which
 * graphql-ws clients retry with back-off.
 */
export const TOO_MANY_CONNECTIONS = 1013;

/** How long a new connection may take to send connection_init before it is closed with 4408. */
export const CONNECTION_INIT_WAIT_MS = 15_000;

/** graphql-ws on the yoga endpoint: same auth, validation and limits as HTTP, plus the live-feed caps. */
export function attachGraphQLWs(server: Server, yoga: Yoga, services: Services): () => Promise<void> {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: services.config.MAX_REQUEST_BYTES });
  const keyConnections = new KeyConnections();
  const stopRevocations = followKeyRevocations(services, keyConnections);
  const disposable = useServer<Record<string, unknown>>(
    {
      connectionInitWaitTimeout: CONNECTION_INIT_WAIT_MS,
      onConnect: (ctx) => admit(services, keyConnections, ctx),
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: (ctx, _id, params) => prepareOperation(services.config, yoga, ctx, params),
    },
    wss,
  );
  return async () => {
    stopRevocations();
    await disposable.dispose();
    for (const client of wss.clients) client.close(1001, "server shutting down");
  };
}

/**
 * A connection without a valid key, portal token (or ADMIN_TOKEN) is closed at once with 4403
 * Forbidden; one past its key's (or session's) MAX_CONNECTIONS_PER_KEY with TOO_MANY_CONNECTIONS;
 * a portal session's with 4403 when the session expires.
 */
async function admit(
  services: CallerDeps & { config: Pick<Config, "MAX_CONNECTIONS_PER_KEY"> },
  keyConnections: KeyConnections,
  ctx: WsContext<Record<string, unknown>, Extra>,
): Promise<boolean> {
  const authorization = ctx.connectionParams?.authorization;
  const caller = await resolveCaller(services, typeof authorization === "string" ? authorization : undefined);
  if (!caller.principal) return caller.isAdmin;
  const { apiKeyId, portal } = caller.principal;
  const credentialId = apiKeyId ?? portal.sessionId;
  const limit = services.config.MAX_CONNECTIONS_PER_KEY;
  if (keyConnections.count(credentialId) >= limit) {
    // Closed first with its own code: graphql-ws's 4403 on `false` then finds it closing and is ignored.
    ctx.extra.socket.close(TOO_MANY_CONNECTIONS, `too many connections for this API key (at most ${limit} per server)`);
    return false;
  }
  keyConnections.add(credentialId, ctx.extra.socket);
  if (portal) closeAtExpiry(ctx.extra.socket, portal.expiresAt);
  return true;
}

/** Same envelope as HTTP: auth, validation and armor limits apply to WebSocket operations too. */
async function prepareOperation(
  config: Pick<Config, "MAX_SUBSCRIPTIONS_PER_CONNECTION">,
  yoga: Yoga,
  ctx: WsContext<Record<string, unknown>, Extra>,
  params: SubscribePayload,
) {
  // graphql-ws has registered this operation already, synchronously on its frame, so a burst
  // of frames counts in full here, before anything is awaited.
  const limit = config.MAX_SUBSCRIPTIONS_PER_CONNECTION;
  const overLimit = Object.keys(ctx.subscriptions).length > limit;
  // A burst of frames, refused or not, is answered over several turns of the event loop.
  await awaitSlice();
  if (overLimit) return [tooManyOperations(limit)];
  const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
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
  const errors = validate(schema, document);
  if (errors.length > 0) return errors;
  const contextValue = await contextFactory();
  if (!contextValue.principal && !contextValue.isAdmin) {
    // The key was valid at onConnect and has been revoked since, without the announcement
    // reaching this process (lost, or still on its way): end the connection, and with it
    // the subscriptions it still runs.
    ctx.extra.socket.close(CloseCode.Forbidden, "Forbidden");
    return [unauthenticated()];
  }
  return { schema, operationName: params.operationName, document, variableValues: params.variables, contextValue, rootValue: { execute, subscribe } };
}
