import type { Ordering } from "../../src/rules/ordering.ts";
import { compareCases, followedBy } from "../lib/case-reps.ts";
import { ORDER_KEYS } from "../lib/produce.ts";
import type { BenchContext, Metric, Scenario } from "../lib/types.ts";

// `--ordering` (issue #19): the throughput workload with ordered delivery per key on every
// endpoint (data.orderId, ORDER_KEYS values), as a ratio to the same workload unordered,
// measured in the same run. Ordered deliveries skip ingest's first attempt: each goes as a
// job once the ingest ack floor has passed its event and its key's earlier event has settled.

const LABEL = "ord";

interface OrderingCase {
  id: "unordered" | "ordered";
  label: string;
  ordering?: Ordering;
}

const CASES: readonly OrderingCase[] = [
  { id: "unordered", label: "unordered" },
  { id: "ordered", label: `ordered by data.orderId (${ORDER_KEYS} keys)`, ordering: { key: "data.orderId", onFailure: "SKIP" } },
];

export function compareOrdering(ctx: BenchContext): Promise<{ metrics: Metric[]; data: Record<string, unknown> }> {
  return compareCases(ctx, {
    label: LABEL,
    cases: CASES,
    baseline: "unordered",
    baselineName: "unordered",
    // No target from the issue: ordering trades throughput for order; the row records the price.
    targetRatio: 0.5,
    extra: (c) => (c.ordering ? { ordering: c.ordering } : {}),
    name: "ordering",
  });
}

/** A throughput scenario followed, with `--ordering`, by the comparison as more rows of it. */
export const withOrdering = (run: Scenario): Scenario => followedBy(run, (opts) => opts.ordering, "ordering", compareOrdering);
