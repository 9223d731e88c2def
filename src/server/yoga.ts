import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { Registry } from "prom-client";
import type { Services } from "../app/services.ts";
import { contextFactory, type Context } from "../graphql/context.ts";
import { schema } from "../graphql/schema/index.ts";
import { useArgumentChecks } from "../graphql/use-argument-checks.ts";
import { useQueryCost } from "../graphql/use-query-cost.ts";
import { useReadOnlyPortal } from "../graphql/use-read-only-portal.ts";
import { useResponseLimit } from "../graphql/use-response-limit.ts";
import { useSharedSubscriptionResults } from "../graphql/use-shared-subscription-results.ts";
import { useSlowSubscriberError } from "../graphql/use-slow-subscriber-error.ts";
import type { Config } from "../config/env.ts";
import { renderGraphiQLPage } from "./graphiql.ts";
import { useGraphQLMetrics } from "./graphql-metrics.ts";
import { HEALTH_CHECK_PATH } from "./health-check.ts";
import { useIntrospectionOff } from "./use-introspection-off.ts";

export type Yoga = YogaServerInstance<Record<string, unknown>, Context>;

/** GraphiQL at /graphql in a browser, outside production only. */
export const graphiqlEnabled = (config: Pick<Config, "NODE_ENV">) => config.NODE_ENV !== "production";

/** The GraphQL endpoint and its plugins; the same envelope serves HTTP and graphql-ws. Services is the resolvers' context. */
export function buildYoga(services: Services, metrics: Registry): Yoga {
  const dev = services.config.NODE_ENV !== "production";
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    context: contextFactory(services),
    graphiql: graphiqlEnabled(services.config) ? { subscriptionsProtocol: "WS" } : false,
    // Its scripts from Herald itself (graphiql.ts), not from a CDN.
    renderGraphiQL: renderGraphiQLPage,
    landingPage: false,
    // Yoga always adds a health check of its own. Given the path the router answers first for
    // every role, it never runs there; left on its default it would answer /health as well.
    healthCheckEndpoint: HEALTH_CHECK_PATH,
    maskedErrors: { isDev: false },
    logging: false,
    // CORS is the router's (cors.ts): yoga's own would allow any origin.
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
      useArgumentChecks(),
      useReadOnlyPortal(),
      useQueryCost({ maxCost: 10_000, maxRequestCost: 20_000 }),
      useResponseLimit(16 * 1024 * 1024),
      useSharedSubscriptionResults(),
      useSlowSubscriberError(),
    ],
  });
}
