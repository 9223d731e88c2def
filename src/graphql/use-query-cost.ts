import { complexityFromQuery } from "@pothos/plugin-complexity";
import type { DocumentNode, ExecutionArgs } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { refuseBeforeExecution } from "./refuse-before-execution.ts";

export interface CostLimits {
  /** Most one operation may cost. */
  maxCost: number;
  /** Most all operations of one HTTP request (a batch) may cost together. */
  maxRequestCost: number;
}

export type CostVerdict = { ok: true; spent: number } | { ok: false; limit: keyof CostLimits; max: number; cost: number };

/** Whether an operation of `cost` fits, given what its request's earlier operations spent. */
export function costVerdict(cost: number, spentBefore: number, limits: CostLimits): CostVerdict {
  if (cost > limits.maxCost) return { ok: false, limit: "maxCost", max: limits.maxCost, cost };
  const spent = spentBefore + cost;
  if (spent > limits.maxRequestCost) return { ok: false, limit: "maxRequestCost", max: limits.maxRequestCost, cost: spent };
  return { ok: true, spent };
}

const explain = (v: Extract<CostVerdict, { ok: false }>) =>
  v.limit === "maxCost"
    ? `query cost ${v.cost} exceeds the limit of ${v.max} (lists cost their first/last times each item: ask for fewer items or fields)`
    : `this request's operations cost ${v.cost} together, over the limit of ${v.max} per request: send fewer operations`;

/** The cost of the operation that will run (plugin-complexity measures a document's first one). */
function operationCost(args: ExecutionArgs): number | null {
  const document: DocumentNode = args.operationName
    ? { ...args.document, definitions: args.document.definitions.filter((d) => d.kind !== "OperationDefinition" || d.name?.value === args.operationName) }
    : args.document;
  try {
    return complexityFromQuery(document, {
      schema: args.schema,
      ctx: args.contextValue as object,
      variables: (args.variableValues ?? {}) as Record<string, unknown>,
    }).complexity;
  } catch {
    // Invalid variables: execution refuses them with its own error.
    return null;
  }
}

/**
 * Refuses an operation whose cost, with list sizes counted (@pothos/plugin-complexity), is
 * over `maxCost`, or that takes a batch's total over `maxRequestCost`, before anything runs.
 * Measured at execution, not validation: Yoga caches validation by document, and the cost
 * depends on the variables (`first: $n`) and, in a batch, on the operations before it.
 * Over graphql-ws there is no batch: each operation is measured alone.
 */
export function useQueryCost(limits: CostLimits): Plugin {
  const spentByRequest = new WeakMap<object, number>();
  const refusal = (args: ExecutionArgs) => {
    const cost = operationCost(args);
    if (cost === null) return null;
    const request = (args.contextValue as { request?: object }).request;
    const verdict = costVerdict(cost, request ? (spentByRequest.get(request) ?? 0) : 0, limits);
    if (verdict.ok) {
      if (request) spentByRequest.set(request, verdict.spent);
      return null;
    }
    const error = createGraphQLError(explain(verdict), {
      extensions: { code: "QUERY_TOO_COSTLY", limit: verdict.limit, max: verdict.max, cost: verdict.cost },
    });
    return { errors: [error] };
  };
  return refuseBeforeExecution(refusal);
}
