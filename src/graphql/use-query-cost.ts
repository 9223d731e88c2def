import { createComplexityRule } from "@pothos/plugin-complexity";
import { createGraphQLError, type Plugin } from "graphql-yoga";

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

interface RequestContext {
  params?: { variables?: Record<string, unknown> | null; operationName?: string | null };
  request?: object;
}

/**
 * Refuses an operation whose cost, with list sizes counted (@pothos/plugin-complexity), is
 * over `maxCost`, or that takes a batch's total over `maxRequestCost`, before anything runs.
 * Over graphql-ws there is no batch: each operation is measured alone.
 */
export function useQueryCost(limits: CostLimits): Plugin {
  const spentByRequest = new WeakMap<object, number>();
  return {
    onValidate({ context, addValidationRule }) {
      const { params, request } = context as RequestContext;
      addValidationRule(
        createComplexityRule({
          context,
          variableValues: params?.variables ?? {},
          operationName: params?.operationName,
          validate: ({ complexity }, reportError) => {
            const verdict = costVerdict(complexity, request ? (spentByRequest.get(request) ?? 0) : 0, limits);
            if (verdict.ok) {
              if (request) spentByRequest.set(request, verdict.spent);
              return;
            }
            reportError(createGraphQLError(explain(verdict), { extensions: { code: "QUERY_TOO_COSTLY", limit: verdict.limit, max: verdict.max, cost: verdict.cost } }));
          },
        }),
      );
    },
  };
}
