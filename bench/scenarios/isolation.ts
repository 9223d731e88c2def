import { openEnv } from "../lib/env.ts";
import type { EventPlan } from "../lib/produce.ts";
import { median, round } from "../lib/stats.ts";
import type { BenchContext, ScenarioResult } from "../lib/types.ts";
import { formatCores, measureRep, medianRep, type RepResult } from "./throughput.ts";

/**
 * Isolation: the throughput setup, but half of the endpoints never answer (the sender's
 * DELIVERY_TIMEOUT_MS ends each attempt; retries follow the default schedule). Events go
 * round-robin over all endpoints, so half of the deliveries are to hanging endpoints.
 * Measured: deliveries/s to the healthy half, from first publish to their last committed
 * attempt, as a ratio of scenario 2's 1-worker rate (all endpoints healthy, same run).
 */
export async function isolation(ctx: BenchContext): Promise<ScenarioResult> {
  const { opts } = ctx;
  const label = "iso";
  const n = opts.endpoints;
  const healthyCount = Math.ceil(n / 2);
  const env = await openEnv(ctx, { label, workers: 1 });
  try {
    const endpoints = await env.createEndpoints(
      Array.from({ length: n }, (_, i) => ({
        name: `${label}-${i < healthyCount ? "ok" : "hang"}-${i}`,
        mode: i < healthyCount ? ("ok" as const) : ("hang" as const),
        eventTypes: [`bench.t${i}`],
        origin: i,
      })),
    );
    const healthyIds = endpoints.slice(0, healthyCount).map((e) => e.id);
    const hangingIds = endpoints.slice(healthyCount).map((e) => e.id);
    const mixed = (prefix: string): EventPlan => ({ organizationId: env.organizationId, prefix, type: (i) => `bench.t${i % n}`, bodyBytes: opts.bodyBytes });
    const healthyOnly = (prefix: string): EventPlan => ({ organizationId: env.organizationId, prefix, type: (i) => `bench.t${i % healthyCount}`, bodyBytes: opts.bodyBytes });
    // Warm up on healthy endpoints only, as scenario 2 does, then let the hanging ones start hanging.
    if (opts.warmup > 0) await measureRep(env, healthyOnly(`${label}-warm`), opts.warmup, { endpointIds: healthyIds, label: "isolation warm-up" });
    const healthyPerRep = Array.from({ length: opts.events }, (_, i) => i % n).filter((k) => k < healthyCount).length;
    const reps: RepResult[] = [];
    for (let r = 0; r < opts.reps; r++) {
      const rep = await measureRep(env, mixed(`${label}-r${r}`), opts.events, { endpointIds: healthyIds, expected: healthyPerRep, label: `isolation rep ${r + 1}` });
      reps.push(rep);
      ctx.log(`  isolation rep ${r + 1}: healthy ${round(rep.rate)} deliveries/s (${rep.deliveries} in ${rep.seconds.toFixed(2)} s); cores: ${formatCores(rep.cores)}`);
    }
    const hangingAttempts = await env.countAttempts(hangingIds);
    const deferred = (await Promise.all(env.workers.map((w) => w.metric("herald_delivery_deferred_total")))).reduce((a, b) => a + b, 0);
    await ctx.receiver.dropHanging();
    await ctx.receiver.stats({ reset: true });
    const rate = median(reps.map((r) => r.rate));
    const tp = ctx.results.get("throughput")?.data?.workers1 as { medianRate?: number } | undefined;
    const base = tp?.medianRate;
    const ratio = base ? rate / base : null;
    return {
      id: "isolation",
      title: `isolation (${n - healthyCount} of ${n} endpoints hang until the ${opts.timeoutMs} ms timeout; 1 worker)`,
      metrics: [
        {
          label: "healthy endpoints",
          value: round(rate),
          unit: "deliveries/s",
          detail: `median of ${opts.reps} × ${healthyPerRep} healthy deliveries (${opts.events} events, half to hanging endpoints); ${hangingAttempts} attempts to hanging endpoints ended by timeout meanwhile, ${deferred} jobs deferred (endpoint busy); cores in median rep: ${formatCores(medianRep(reps).cores)}`,
        },
        {
          label: "ratio to scenario 2 (1 worker)",
          value: ratio === null ? null : round(ratio, 3),
          unit: "×",
          target: "≥ 0.80",
          ...(ratio === null ? { detail: "throughput scenario not run" } : { pass: ratio >= 0.8, detail: `scenario 2, 1 worker: ${round(base!)} deliveries/s (all endpoints healthy)` }),
        },
      ],
      data: { reps, medianRate: rate, baseline: base ?? null, ratio, hangingAttempts, deferred },
    };
  } finally {
    await ctx.receiver.dropHanging().catch(() => {});
    await env.stop();
  }
}
