// The CommonJS entry, the graphql that yoga and Pothos load (see use-shared-subscription-results.ts).
import { Kind, getOperationAST, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from "graphql/index.js";
import { createCounter, createHistogram, usePrometheus, type FillLabelsFnParams } from "@graphql-yoga/plugin-prometheus";
import type { Plugin } from "graphql-yoga";
import type { Registry } from "prom-client";

/** An operation that names no root field of the schema (or a field it does not have). */
export const OTHER_ROOT_FIELD = "other";
/** An operation that selects several root fields. */
export const MULTIPLE_ROOT_FIELDS = "multiple";

/** Every root field of the schema: with the two above, all the values the `rootField` label can take. */
export function rootFieldNames(schema: GraphQLSchema): Set<string> {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  return new Set(roots.flatMap((type) => (type ? Object.keys(type.getFields()) : [])));
}

/**
 * The root field an operation calls, for a metric label. The client's operation name, its
 * aliases and the request URL are its own to choose, so a label made of them grows the
 * metrics without bound (5,000 requests once took /metrics to 158 MB); the schema's root
 * fields are a fixed set.
 */
export function rootFieldLabel(document: DocumentNode | undefined, operationName: string | undefined, known: ReadonlySet<string>): string {
  if (!document) return OTHER_ROOT_FIELD;
  // envelop names an anonymous operation "Anonymous": then the document's only operation is meant.
  const operation = getOperationAST(document, operationName) ?? getOperationAST(document);
  if (!operation) return OTHER_ROOT_FIELD;
  const found = new Set<string>();
  const visitedFragments = new Set<string>();
  // Runs before validation too (on parse), so fragment cycles and unknown fields can occur.
  const walk = (selectionSet: SelectionSetNode): string | undefined => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === "__typename") continue;
        if (!known.has(name)) return OTHER_ROOT_FIELD;
        found.add(name);
        if (found.size > 1) return MULTIPLE_ROOT_FIELDS;
        continue;
      }
      const nested = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragmentSelection(document, selection.name.value, visitedFragments);
      const verdict = nested && walk(nested);
      if (verdict) return verdict;
    }
    return undefined;
  };
  return walk(operation.selectionSet) ?? [...found][0] ?? OTHER_ROOT_FIELD;
}

function fragmentSelection(document: DocumentNode, name: string, visited: Set<string>): SelectionSetNode | undefined {
  if (visited.has(name)) return undefined;
  visited.add(name);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === name) return definition.selectionSet;
  }
  return undefined;
}

type HttpLabelParams = FillLabelsFnParams & { request: Request; response: Response };

/**
 * GraphQL and HTTP metrics whose every label has a fixed set of values: the operation type,
 * the root field (above), the phase of an error, the method and status of a request. No
 * URL, operation name or error path: those are the client's to choose.
 */
export function useGraphQLMetrics(registry: Registry, schema: GraphQLSchema): Plugin {
  const known = rootFieldNames(schema);
  const labels = (p: FillLabelsFnParams) => ({
    operationType: p.operationType ?? "unknown",
    rootField: rootFieldLabel(p.document, p.operationName, known),
  });
  const operationLabels = ["operationType", "rootField"] as const;
  return usePrometheus({
    // Served by the app's own handler, which decides who may read it.
    endpoint: false,
    registry,
    metrics: {
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: { name: "graphql_envelop_request_duration", help: "Time spent on a GraphQL operation, parse to execute", labelNames: operationLabels },
        fillLabelsFn: labels,
      }),
      graphql_envelop_request: createCounter({
        registry,
        counter: { name: "graphql_envelop_request", help: "GraphQL operations executed, subscriptions included", labelNames: operationLabels },
        fillLabelsFn: labels,
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: { name: "graphql_envelop_error_result", help: "GraphQL errors by phase", labelNames: [...operationLabels, "phase"] },
        fillLabelsFn: (p) => ({ ...labels(p), phase: p.errorPhase ?? "unknown" }),
      }),
      graphql_yoga_http_duration: createHistogram<"request", "operationType" | "rootField" | "method" | "statusCode", HttpLabelParams>({
        registry,
        histogram: {
          name: "graphql_yoga_http_duration",
          help: "Time spent on a GraphQL HTTP request",
          labelNames: [...operationLabels, "method", "statusCode"],
        },
        fillLabelsFn: (p) => ({ ...labels(p), method: p.request.method, statusCode: p.response.status }),
      }),
      // The plugin turns these on unless told otherwise, each labelled by operation name.
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
    },
  });
}
