import { performance } from "node:perf_hooks";
import { openEnv } from "../lib/env.ts";
import type { Memory } from "../lib/procfs.ts";
import { publishBulk, type EventPlan } from "../lib/produce.ts";
import { median, round } from "../lib/stats.ts";
import type { BenchContext, Metric, ScenarioResult } from "../lib/types.ts";
import { formatCores, healthyEndpoints, measureRep, medianRep, type RepResult } from "./throughput.ts";

const LONG_RETRY_S = [3_600, 3_600, 3_600];

/** Which phase set the peak: VmHWM only grows, so the first reading that shows it. */
function peakPhase(peakMb: number, before?: Memory, withBacklog?: Memory): string {
  if (before && before.peakRssMb >= peakMb) return "in the warm-up";
  if (withBacklog && withBacklog.peakRssMb >= peakMb) return "while the backlog was built";
  return "during the healthy traffic";
}

/**
 * Backlog: `backlog` deliveries to one endpoint that answers 503 and has a long retry schedule
 * (3600 s), so after their first attempt they all wait in JetStream (nak with delay; the
 * consumer's max_ack_pending is 1,000,000). Then: RSS of each Herald process (VmRSS, and the
 * peak VmHWM), and deliveries/s to healthy endpoints while the backlog is pending.
 */
export async function backlog(ctx: BenchContext): Promise<ScenarioResult> {
  const { opts } = ctx;
  const label = "bl";
  const env = await openEnv(ctx, { label, workers: opts.backlogWorkers });
  try {
    const [failing] = await env.createEndpoints([
      { name: `${label}-503`, mode: "fail", eventTypes: ["bench.fail"], retrySchedule: LONG_RETRY_S, origin: opts.endpoints },
    ]);
    const healthy = await env.createEndpoints(healthyEndpoints(label, opts.endpoints));
    const healthyIds = healthy.map((e) => e.id);
    const healthyPlan = (prefix: string): EventPlan => ({
      organizationId: env.organizationId,
      prefix,
      type: (i) => `bench.t${i % healthy.length}`,
      bodyBytes: opts.bodyBytes,
    });
    if (opts.warmup > 0) await measureRep(env, healthyPlan(`${label}-warm`), opts.warmup, { endpointIds: healthyIds, label: "backlog warm-up" });
    const rssBefore = env.workers.map((w) => w.memory());

    // Build the backlog: every delivery gets its first attempt (503), then waits 3600 s in JetStream.
    const deferred = async () => (await Promise.all(env.workers.map((w) => w.metric("herald_delivery_deferred_total")))).reduce((a, b) => a + b, 0);
    const deferredBefore = await deferred();
    const t0 = performance.now();
    await publishBulk(
      env.services.nats.nc,
      { organizationId: env.organizationId, prefix: `${label}-fail`, type: () => "bench.fail", bodyBytes: opts.bodyBytes },
      opts.backlog,
    );
    const published = performance.now();
    const built = await env.waitForAttempts(opts.backlog, { endpointIds: [failing!.id], label: "backlog first attempts", timeoutMs: 900_000 });
    const buildRate = opts.backlog / ((built - t0) / 1000);
    const putBack = (await deferred()) - deferredBefore;
    ctx.log(
      `  backlog: ${opts.backlog} first attempts (503) in ${((built - t0) / 1000).toFixed(1)} s (${round(buildRate)}/s; published in ${((published - t0) / 1000).toFixed(1)} s; ${putBack} jobs put back)`,
    );
    const pendingAfterBuild = await env.pendingInConsumer();
    const rssWithBacklog = env.workers.map((w) => w.memory());

    // Healthy traffic while the backlog waits.
    const reps: RepResult[] = [];
    for (let r = 0; r < opts.reps; r++) {
      const rep = await measureRep(env, healthyPlan(`${label}-r${r}`), opts.backlogHealthy, { endpointIds: healthyIds, label: `backlog healthy rep ${r + 1}` });
      reps.push(rep);
      ctx.log(`  backlog healthy rep ${r + 1}: ${round(rep.rate)} deliveries/s; cores: ${formatCores(rep.cores)}`);
    }
    const pendingAfter = await env.pendingInConsumer();
    const rssAfter = env.workers.map((w) => w.memory());
    const failingAttempts = await env.countAttempts([failing!.id]);
    await ctx.receiver.stats({ reset: true });

    const rate = median(reps.map((r) => r.rate));
    const tp = ctx.results.get("throughput")?.data?.[`workers${opts.backlogWorkers}`] as { medianRate?: number } | undefined;
    const base = tp?.medianRate;
    const metrics: Metric[] = [
      {
        label: "retries pending in JetStream",
        value: pendingAfterBuild.ackPending,
        unit: "msgs",
        detail: `${opts.backlog} deliveries to one endpoint answering 503, retry in ${LONG_RETRY_S[0]} s; first attempts at ${round(buildRate)}/s (${putBack} jobs put back while the endpoint was busy); still pending after the healthy traffic: ${pendingAfter.ackPending}; attempts to it: ${failingAttempts}`,
      },
    ];
    env.workers.forEach((w, i) => {
      const now = rssAfter[i];
      metrics.push({
        label: `RSS ${w.name}`,
        value: now ? round(now.rssMb) : null,
        unit: "MB",
        target: "≤ 400",
        pass: now ? now.peakRssMb <= 400 : undefined,
        detail: now
          ? `before backlog ${round(rssBefore[i]?.rssMb ?? NaN)} MB, with backlog ${round(rssWithBacklog[i]?.rssMb ?? NaN)} MB, peak (VmHWM) ${round(now.peakRssMb)} MB, reached ${peakPhase(now.peakRssMb, rssBefore[i], rssWithBacklog[i])}`
          : "process gone",
      });
    });
    metrics.push({
      label: "healthy deliveries/s meanwhile",
      value: round(rate),
      unit: "deliveries/s",
      detail: `median of ${opts.reps} × ${opts.backlogHealthy} to ${healthy.length} healthy endpoints; ${base ? `${(rate / base).toFixed(2)}× scenario 2 (${opts.backlogWorkers} worker${opts.backlogWorkers > 1 ? "s" : ""}, ${round(base)}/s)` : "scenario 2 not run"}; cores in median rep: ${formatCores(medianRep(reps).cores)}`,
    });
    return {
      id: "backlog",
      title: `backlog (${opts.backlog} retries pending; ${opts.backlogWorkers} worker${opts.backlogWorkers > 1 ? "s" : ""})`,
      metrics,
      data: {
        backlog: opts.backlog,
        buildRate,
        pendingAfterBuild,
        pendingAfter,
        rssBefore,
        rssWithBacklog,
        rssAfter,
        healthyReps: reps,
        healthyRate: rate,
        baseline: base ?? null,
        failingAttempts,
      },
    };
  } finally {
    await env.stop();
  }
}
