import type { Scenario, ScenarioId } from "../lib/types.ts";
import { backlog } from "./backlog.ts";
import { ceiling } from "./ceiling.ts";
import { cluster } from "./cluster.ts";
import { fanout } from "./fanout.ts";
import { withFilters } from "./filters.ts";
import { throughputWithFormats } from "./formats.ts";
import { isolation } from "./isolation.ts";
import { latency } from "./latency.ts";
import { withOrdering } from "./ordering.ts";
import { pagination } from "./pagination.ts";
import { withRetention } from "./retention.ts";

/** Every scenario, in the order they run (later ones use earlier results for their ratios). */
export const scenarios: Record<ScenarioId, Scenario> = {
  ceiling,
  throughput: withRetention(withOrdering(withFilters(throughputWithFormats))),
  cluster,
  latency,
  isolation,
  fanout,
  backlog,
  pagination,
};
