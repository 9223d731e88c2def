import { performance } from "node:perf_hooks";
import { openEnv, type ScenarioEnv } from "../lib/env.ts";
import type { Memory } from "../lib/procfs.ts";
import { publishBulk, roundRobinPlan } from "../lib/produce.ts";
import { median, repeat, round } from "../lib/stats.ts";
import type { BenchContext, Metric, ScenarioResult } from "../lib/types.ts";
import { formatCores, healthyEndpoints, measureRep, medianRep, type RepResult, throughputBaseline } from "./throughput.ts";

const LABEL = "bl";
const LONG_RETRY_S = [3_600, 3_600, 3_600];

type Pending = Awaited<ReturnType<ScenarioEnv["pendingInConsumer"]>>;

interface BacklogBuilt {
  buildRate: number;
  /** Jobs put back while the failing endpoint was busy. */
  putBack: number;
  pendingAfterBuild: Pending;
}

interface BacklogMeasured extends BacklogBuilt {
  healthyCount: number;
  rssBefore: (Memory | undefined)[];
  rssWithBacklog: (Memory | undefined)[];
  rssAfter: (Memory | undefined)[];
  reps: RepResult[];
  pendingAfter: Pending;
  failingAttempts: number;
}

/** Which phase set the peak: VmHWM only grows, so the first reading that shows it. */
function peakPhase(peakMb: number, before?: Memory, withBacklog?: Memory): string {
  if (before && before.peakRssMb >= peakMb) return "in the warm-up";
  if (withBacklog && withBacklog.peakRssMb >= peakMb) return "while the backlog was built";
  return "during the healthy traffic";
}

/** Every delivery gets its first attempt (503), then waits 3600 s in JetStream. */
async function buildBacklog(ctx: BenchContext, env: ScenarioEnv, failingId: string): Promise<BacklogBuilt> {
  const { opts } = ctx;
  const deferredBefore = await env.deferredJobs();
  const t0 = performance.now();
  await publishBulk(
    env.services.nats.nc,
    { organizationId: env.organizationId, prefix: `${LABEL}-fail`, type: () => "bench.fail", bodyBytes: opts.bodyBytes },
    opts.backlog,
  );
  const published = performance.now();
  const built = await env.waitForAttempts(opts.backlog, { endpointIds: [failingId], label: "backlog first attempts", timeoutMs: 900_000 });
  const buildRate = opts.backlog / ((built - t0) / 1000);
  const putBack = (await env.deferredJobs()) - deferredBefore;
  ctx.log(
    `  backlog: ${opts.backlog} first attempts (503) in ${((built - t0) / 1000).toFixed(1)} s (${round(buildRate)}/s; published in ${((published - t0) / 1000).toFixed(1)} s; ${putBack} jobs put back)`,
  );
  return { buildRate, putBack, pendingAfterBuild: await env.pendingInConsumer() };
}

/** Warm-up, the backlog, then healthy traffic while it waits, with each worker's memory between the phases. */
async function measureBacklog(ctx: BenchContext, env: ScenarioEnv): Promise<BacklogMeasured> {
  const { opts } = ctx;
  const [failing] = await env.createEndpoints([
    { name: `${LABEL}-503`, mode: "fail", eventTypes: ["bench.fail"], retrySchedule: LONG_RETRY_S, origin: opts.endpoints },
  ]);
  const healthy = await env.createEndpoints(healthyEndpoints(LABEL, opts.endpoints));
  const healthyIds = healthy.map((e) => e.id);
  const healthyPlan = roundRobinPlan(env.organizationId, healthy.length, opts.bodyBytes);
  if (opts.warmup > 0) await measureRep(env, healthyPlan(`${LABEL}-warm`), opts.warmup, { endpointIds: healthyIds, label: "backlog warm-up" });
  const rssBefore = env.workers.map((w) => w.memory());
  const built = await buildBacklog(ctx, env, failing!.id);
  const rssWithBacklog = env.workers.map((w) => w.memory());
  const reps = await repeat(opts.reps, async (r) => {
    const rep = await measureRep(env, healthyPlan(`${LABEL}-r${r}`), opts.backlogHealthy, { endpointIds: healthyIds, label: `backlog healthy rep ${r + 1}` });
    ctx.log(`  backlog healthy rep ${r + 1}: ${round(rep.rate)} deliveries/s; cores: ${formatCores(rep.cores)}`);
    return rep;
  });
  const pendingAfter = await env.pendingInConsumer();
  const rssAfter = env.workers.map((w) => w.memory());
  const failingAttempts = await env.countAttempts([failing!.id]);
  await ctx.receiver.stats({ reset: true });
  return { ...built, healthyCount: healthy.length, rssBefore, rssWithBacklog, rssAfter, reps, pendingAfter, failingAttempts };
}

function rssMetrics(env: ScenarioEnv, m: BacklogMeasured): Metric[] {
  return env.workers.map((w, i) => {
    const now = m.rssAfter[i];
    return {
      label: `RSS ${w.name}`,
      value: now ? round(now.rssMb) : null,
      unit: "MB",
      target: "≤ 400",
      pass: now ? now.peakRssMb <= 400 : undefined,
      detail: now
        ? `before backlog ${round(m.rssBefore[i]?.rssMb ?? NaN)} MB, with backlog ${round(m.rssWithBacklog[i]?.rssMb ?? NaN)} MB, peak (VmHWM) ${round(now.peakRssMb)} MB, reached ${peakPhase(now.peakRssMb, m.rssBefore[i], m.rssWithBacklog[i])}`
        : "process gone",
    };
  });
}

function backlogResult(ctx: BenchContext, env: ScenarioEnv, m: BacklogMeasured): ScenarioResult {
  const { opts } = ctx;
  const rate = median(m.reps.map((r) => r.rate));
  const base = throughputBaseline(ctx, opts.backlogWorkers);
  const workers = `${opts.backlogWorkers} worker${opts.backlogWorkers > 1 ? "s" : ""}`;
  const metrics: Metric[] = [
    {
      label: "retries pending in JetStream",
      value: m.pendingAfterBuild.ackPending,
      unit: "msgs",
      detail: `${opts.backlog} deliveries to one endpoint answering 503, retry in ${LONG_RETRY_S[0]} s; first attempts at ${round(m.buildRate)}/s (${m.putBack} jobs put back while the endpoint was busy); still pending after the healthy traffic: ${m.pendingAfter.ackPending}; attempts to it: ${m.failingAttempts}`,
    },
    ...rssMetrics(env, m),
    {
      label: "healthy deliveries/s meanwhile",
      value: round(rate),
      unit: "deliveries/s",
      detail: `median of ${opts.reps} × ${opts.backlogHealthy} to ${m.healthyCount} healthy endpoints; ${base ? `${(rate / base).toFixed(2)}× scenario 2 (${workers}, ${round(base)}/s)` : "scenario 2 not run"}; cores in median rep: ${formatCores(medianRep(m.reps).cores)}`,
    },
  ];
  return {
    id: "backlog",
    title: `backlog (${opts.backlog} retries pending; ${workers})`,
    metrics,
    data: {
      backlog: opts.backlog,
      buildRate: m.buildRate,
      pendingAfterBuild: m.pendingAfterBuild,
      pendingAfter: m.pendingAfter,
      rssBefore: m.rssBefore,
      rssWithBacklog: m.rssWithBacklog,
      rssAfter: m.rssAfter,
      healthyReps: m.reps,
      healthyRate: rate,
      baseline: base ?? null,
      failingAttempts: m.failingAttempts,
    },
  };
}

/**
 * Backlog: `backlog` deliveries to one endpoint that answers 503 and has a long retry schedule
 * (3600 s), so after their first attempt they all wait in JetStream (nak with delay; the
 * consumer's max_ack_pending is 1,000,000). Then: RSS of each Herald process (VmRSS, and the
 * peak VmHWM), and deliveries/s to healthy endpoints while the backlog is pending.
 */
export async function backlog(ctx: BenchContext): Promise<ScenarioResult> {
  const env = await openEnv(ctx, { label: LABEL, workers: ctx.opts.backlogWorkers });
  try {
    return backlogResult(ctx, env, await measureBacklog(ctx, env));
  } finally {
    await env.stop();
  }
}
