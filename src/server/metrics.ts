import { Registry, collectDefaultMetrics } from "prom-client";

/** One registry per process: default Node metrics, GraphQL operations and delivery counters. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "herald_" });
  return registry;
}
