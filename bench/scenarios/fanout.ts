import type { BenchContext, ScenarioResult } from "../lib/types.ts";

/**
 * Fan-out to 1,000 graphql-ws subscribers (SPEC §8: each attempt reaches every subscriber,
 * p99 ≤ 50 ms after it is recorded). Not measurable yet: the subscriptions are issue 5.
 * To add it, replace this function with one that starts an api-role Herald, opens 1,000
 * graphql-ws clients on `deliveryAttempts`, publishes events and returns the metrics; the
 * runner, table and JSON need no change.
 */
export async function fanout(_ctx: BenchContext): Promise<ScenarioResult> {
  return {
    id: "fanout",
    title: "fan-out to 1,000 graphql-ws subscribers",
    metrics: [],
    notMeasured: "not yet measured (needs subscriptions, issue 5)",
  };
}
