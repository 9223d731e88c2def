import { createClient as createWsClient } from "graphql-ws";
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from "urql";
import { isUnauthenticated } from "./errors.ts";

/** graphql-ws's close code for a connection whose credential was refused or revoked. */
const FORBIDDEN_CLOSE = 4403;

/** Herald's GraphQL endpoint on the origin that served the console, over HTTP and over WebSocket. */
export function graphqlUrls(location: Pick<Location, "protocol" | "host">): { http: string; ws: string } {
  const ws = location.protocol === "https:" ? "wss:" : "ws:";
  return { http: `${location.protocol}//${location.host}/graphql`, ws: `${ws}//${location.host}/graphql` };
}

export interface HeraldClient {
  client: Client;
  dispose(): void;
}

/**
 * One client per credential: queries and mutations over HTTP, subscriptions over one lazy
 * graphql-ws connection, both with `Bearer <credential>`. `onUnauthenticated` is called when
 * Herald refuses the credential on either (a revoked key, an expired portal link).
 */
export function createHeraldClient(credential: string, onUnauthenticated: () => void): HeraldClient {
  const authorization = `Bearer ${credential}`;
  const urls = graphqlUrls(window.location);
  const ws = createWsClient({
    url: urls.ws,
    connectionParams: { authorization },
    lazy: true,
    on: {
      closed: (event) => {
        if ((event as CloseEvent | undefined)?.code === FORBIDDEN_CLOSE) onUnauthenticated();
      },
    },
  });
  const client = new Client({
    url: urls.http,
    requestPolicy: "cache-and-network",
    fetchOptions: () => ({ headers: { authorization } }),
    exchanges: [
      mapExchange({
        onError: (error) => {
          if (isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
