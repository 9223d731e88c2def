import type { PayloadFilter } from "../../src/rules/payload-filter.ts";
import { openEnv } from "../lib/env.ts";
import { createCaseEndpoints, interleavedCaseReps, receivedByCase } from "../lib/case-reps.ts";
import { median, round } from "../lib/stats.ts";
import type { BenchContext, Metric, Scenario } from "../lib/types.ts";
import { attemptFailures, ceilingRates, formatCores, medianRep } from "./throughput.ts";

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

/** Two rows: the unfiltered median, and the filtered median with its ratio to it in the same run. */
export async function compareFilters(ctx: BenchContext): Promise<{ metrics: Metric[]; data: Record<string, unknown> }> {
  const env = await openEnv(ctx, { label: LABEL, workers: 1 });
  try {
    await createCaseEndpoints(ctx, env, LABEL, CASES, (c) => (c.filter ? { filter: c.filter } : {}));
    const reps = await interleavedCaseReps(ctx, env, LABEL, CASES);
    const { failedAttempts, failureKinds } = await attemptFailures(env);
    const { stats } = await ctx.receiver.stats({ reset: true });
    const received = receivedByCase(stats.received, LABEL, CASES);
    const health = await env.workerHealth();
    const plain = median(reps.get("plain")!.map((r) => r.rate));
    const { bare } = ceilingRates(ctx);
    const data: Record<string, unknown> = { failedAttempts, receiver: stats, health, filter: BENCH_FILTER };
    const metrics = CASES.map((c): Metric => {
      const caseReps = reps.get(c.id)!;
      const rate = median(caseReps.map((r) => r.rate));
      const ratio = rate / plain;
      data[c.id] = { medianRate: rate, ratio, reps: caseReps, received: received.get(c.id) };
      const rates = caseReps.map((r) => round(r.rate)).join(", ");
      const perRound = caseReps.map((r, i) => (r.rate / reps.get("plain")![i]!.rate).toFixed(2)).join(", ");
      const toCeiling = bare ? `${(rate / bare).toFixed(2)}× bare ceiling` : "ceiling not run";
      return {
        label: `1 worker, ${c.label}`,
        value: round(rate),
        unit: "deliveries/s",
        ...(c.id === "plain" ? {} : { target: `≥ ${TARGET_RATIO}× no filter`, pass: ratio >= TARGET_RATIO }),
        detail: `${ratio.toFixed(3)}× no filter in this run (per round ${perRound}); ${toCeiling}; reps ${rates} (interleaved, order alternating each round); ${received.get(c.id)} received; cores in median rep: ${formatCores(medianRep(caseReps).cores)}`,
      };
    });
    metrics.push({
      label: "filters: failed attempts, bad signatures, duplicates",
      value: failedAttempts + stats.badSignature + stats.duplicates,
      unit: "count",
      target: "0",
      pass: failedAttempts + stats.badSignature + stats.duplicates === 0,
      detail: `${failedAttempts} failed attempts${failedAttempts ? ` (${failureKinds})` : ""}, ${stats.badSignature} bad signatures, ${stats.duplicates} duplicates; ${health}`,
    });
    return { metrics, data };
  } finally {
    await env.stop();
  }
}

/** A throughput scenario followed, with `--filters`, by the filter comparison as more rows of it. */
export function withFilters(run: Scenario): Scenario {
  return async (ctx) => {
    const result = await run(ctx);
    if (!ctx.opts.filters) return result;
    const filters = await compareFilters(ctx);
    return { ...result, metrics: [...result.metrics, ...filters.metrics], data: { ...result.data, filters: filters.data } };
  };
}
