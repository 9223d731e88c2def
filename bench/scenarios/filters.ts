import type { PayloadFilter } from "../../src/rules/payload-filter.ts";
import { compareCases, followedBy } from "../lib/case-reps.ts";
import type { BenchContext, Metric, Scenario } from "../lib/types.ts";

// `--filters` (issue #19): the throughput workload with a payload filter on every endpoint, as
// a ratio to the same workload without filters measured in the same run.

const LABEL = "flt";
const TARGET_RATIO = 0.95;

/**
 * What a platform would set: an amount bound (a decimal string, as the bench's events carry
 * it), a currency list and a field that must be there. Every bench event meets it, so both
 * cases make the same deliveries and the difference is the filter's cost at ingest.
 */
export const BENCH_FILTER: PayloadFilter = {
  and: [
    { path: "data.amount", gte: "100.00" },
    { path: "data.currencyCode", in: ["EUR", "USD", "GBP", "CHF"] },
    { path: "data.seq", exists: true },
  ],
};

interface FilterCase {
  id: "plain" | "filtered";
  label: string;
  filter?: PayloadFilter;
}

const CASES: readonly FilterCase[] = [
  { id: "plain", label: "no filter" },
  { id: "filtered", label: "a filter on every endpoint", filter: BENCH_FILTER },
];

/** Rows for the unfiltered and the filtered median, the latter with its ratio to the former in the same run. */
export async function compareFilters(ctx: BenchContext): Promise<{ metrics: Metric[]; data: Record<string, unknown> }> {
  const result = await compareCases(ctx, {
    label: LABEL,
    cases: CASES,
    baseline: "plain",
    baselineName: "no filter",
    targetRatio: TARGET_RATIO,
    extra: (c) => (c.filter ? { filter: c.filter } : {}),
    name: "filters",
  });
  return { metrics: result.metrics, data: { ...result.data, filter: BENCH_FILTER } };
}

/** A throughput scenario followed, with `--filters`, by the comparison as more rows of it. */
export const withFilters = (run: Scenario): Scenario => followedBy(run, (opts) => opts.filters, "filters", compareFilters);
