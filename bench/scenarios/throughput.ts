import { performance } from "node:perf_hooks";
import { openEnv, type ScenarioEnv } from "../lib/env.ts";
import { coresUsed } from "../lib/procfs.ts";
import { publishBulk, roundRobinPlan, type EventPlan } from "../lib/produce.ts";
import { median, repeat, round } from "../lib/stats.ts";
import type { BenchContext, Metric, ScenarioResult } from "../lib/types.ts";

export interface RepResult {
  deliveries: number;
  seconds: number;
  rate: number;
  publishSeconds: number;
  /** Cores used per process group during the rep (CPU seconds / wall seconds). */
  cores: Record<string, number>;
}

/** The median rate the throughput scenario measured with `workers` worker processes earlier in this run, if it ran. */
export function throughputBaseline(ctx: BenchContext, workers: number): number | undefined {
  return (ctx.results.get("throughput")?.data?.[`workers${workers}`] as { medianRate?: number } | undefined)?.medianRate;
}

/** Ceiling numbers measured earlier in this run, if the ceiling scenario ran. */
export function ceilingRates(ctx: BenchContext): { bare?: number; signed?: number } {
  const c = ctx.results.get("ceiling");
  const bare = c?.metrics.find((m) => m.label === "bare POST")?.value ?? undefined;
  const signed = c?.metrics.find((m) => m.label.startsWith("signed"))?.value ?? undefined;
  return { bare: bare ?? undefined, signed: signed ?? undefined };
}

export function formatCores(cores: Record<string, number>): string {
  return Object.entries(cores)
    .sort((a, b) => (a[0] === "other" ? 1 : b[0] === "other" ? -1 : b[1] - a[1]))
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(", ");
}

/** The endpoints of one throughput-style run: endpoint i subscribes to type <typePrefix><i> (bench.t<i>) only. */
export function healthyEndpoints(label: string, n: number, opts: { trackLatency?: boolean } = {}, typePrefix = "bench.t") {
  return Array.from({ length: n }, (_, i) => ({
    name: `${label}-ok-${i}`,
    mode: "ok" as const,
    eventTypes: [`${typePrefix}${i}`],
    origin: i,
    trackDuplicates: true,
    ...opts,
  }));
}

/**
 * Publishes `n` events and measures deliveries/s from the first publish until the last attempt
 * is committed in Postgres (the rep's attempts counted through an index; see countAttempts).
 */
export async function measureRep(
  env: ScenarioEnv,
  plan: EventPlan,
  n: number,
  opts: { endpointIds?: string[]; expected?: number; label: string },
): Promise<RepResult> {
  const expected = opts.expected ?? n;
  // Every attempt of an earlier rep has committed by now, so the rep's attempts are those made from here on.
  const since = Date.now();
  const cpu0 = env.cpu();
  const t0 = performance.now();
  await publishBulk(env.services.nats.nc, plan, n);
  const published = performance.now();
  const end = await env.waitForAttempts(expected, { endpointIds: opts.endpointIds, sinceMs: since, label: opts.label });
  const cpu1 = env.cpu();
  const seconds = (end - t0) / 1000;
  const cores = coresUsed(cpu0, cpu1, seconds);
  return { deliveries: expected, seconds, rate: expected / seconds, publishSeconds: (published - t0) / 1000, cores };
}

export function medianRep(reps: RepResult[]): RepResult {
  const m = median(reps.map((r) => r.rate));
  return reps.reduce((best, r) => (Math.abs(r.rate - m) < Math.abs(best.rate - m) ? r : best), reps[0]!);
}

/** Attempts that did not get a 2xx in the scenario's database, counted and grouped by error or status. */
export async function attemptFailures(env: ScenarioEnv): Promise<{ failedAttempts: number; failureKinds: string }> {
  const { rows: failures } = await env.services.db.pool.query<{ kind: string; n: number }>(
    `SELECT coalesce(error::text, response_status::text, '?') AS kind, count(*)::int AS n FROM delivery_attempts
      WHERE response_status IS NULL OR response_status NOT BETWEEN 200 AND 299 GROUP BY 1 ORDER BY 2 DESC`,
  );
  return { failedAttempts: failures.reduce((a, f) => a + f.n, 0), failureKinds: failures.map((f) => `${f.kind} ${f.n}`).join(", ") };
}

/** Runs warm-up + reps against one environment whose endpoints are all healthy. */
export async function runThroughput(
  ctx: BenchContext,
  label: string,
  workers: number,
  natsNodes: 1 | 3 = 1,
): Promise<{
  reps: RepResult[];
  failedAttempts: number;
  failureKinds: string;
  deferred: number;
  health: string;
  receiver: { verified: number; badSignature: number; duplicates: number };
  memory: unknown;
}> {
  const { opts } = ctx;
  const env = await openEnv(ctx, { label, workers, natsNodes });
  try {
    const endpoints = await env.createEndpoints(healthyEndpoints(label, opts.endpoints));
    const plan = roundRobinPlan(env.organizationId, endpoints.length, opts.bodyBytes);
    if (opts.warmup > 0) await measureRep(env, plan(`${label}-warm`), opts.warmup, { label: `${label} warm-up` });
    await env.workerHealth(); // starts the event-loop delay window
    const reps = await repeat(opts.reps, async (r) => {
      const rep = await measureRep(env, plan(`${label}-r${r}`), opts.events, { label: `${label} rep ${r + 1}` });
      ctx.log(
        `  ${label} rep ${r + 1}: ${round(rep.rate)} deliveries/s (${rep.deliveries} in ${rep.seconds.toFixed(2)} s; published in ${rep.publishSeconds.toFixed(2)} s); cores: ${formatCores(rep.cores)}`,
      );
      return rep;
    });
    const { failedAttempts, failureKinds } = await attemptFailures(env);
    const { stats } = await ctx.receiver.stats({ reset: true });
    const memory = env.workers.map((w) => ({ name: w.name, ...w.memory() }));
    const health = await env.workerHealth();
    const deferred = await env.deferredJobs();
    return {
      reps,
      failedAttempts,
      failureKinds,
      deferred,
      health,
      receiver: { verified: stats.verified, badSignature: stats.badSignature, duplicates: stats.duplicates },
      memory,
    };
  } finally {
    await env.stop();
  }
}

/**
 * Throughput: `events` events per rep over `endpoints` endpoints, event i of type bench.t<i mod E>,
 * and endpoint k subscribed to bench.t<k> only, so each event makes exactly one delivery.
 * Run with 1 and with 2 worker processes (scale-out).
 */
export async function throughput(ctx: BenchContext): Promise<ScenarioResult> {
  const { opts } = ctx;
  const ceiling = ceilingRates(ctx);
  const metrics: Metric[] = [];
  const byWorkers: Record<number, { rate: number; reps: RepResult[] }> = {};
  const data: Record<string, unknown> = {};
  for (const w of opts.workerCounts) {
    const run = await runThroughput(ctx, `tp${w}w`, w);
    const rate = median(run.reps.map((r) => r.rate));
    byWorkers[w] = { rate, reps: run.reps };
    data[`workers${w}`] = { ...run, medianRate: rate };
    const ratio = (c: number | undefined) => (c ? `${(rate / c).toFixed(2)}× ${c === ceiling.bare ? "bare" : "signed"} ceiling` : undefined);
    const ratios = [ratio(ceiling.bare), ratio(ceiling.signed)].filter(Boolean).join(", ") || "ceiling not run";
    metrics.push({
      label: `${w} worker process${w > 1 ? "es" : ""}`,
      value: round(rate),
      unit: "deliveries/s",
      target: "≥ 8,500",
      pass: rate >= 8_500,
      detail: `${ratios}; median of ${opts.reps} × ${opts.events} events; ${run.failedAttempts} failed attempts${run.failedAttempts ? ` (${run.failureKinds})` : ""}, ${run.receiver.badSignature} bad signatures, ${run.receiver.duplicates} duplicates, ${run.deferred} jobs put back (endpoint busy); cores in median rep: ${formatCores(medianRep(run.reps).cores)}; ${run.health}`,
    });
    if (ceiling.bare)
      metrics.push({
        label: `${w}w ratio to bare ceiling`,
        value: round(rate / ceiling.bare, 3),
        unit: "×",
        detail: ceiling.signed ? `to signed ceiling ${(rate / ceiling.signed).toFixed(3)}×` : undefined,
      });
  }
  const one = byWorkers[1];
  const two = byWorkers[2];
  if (one && two) {
    metrics.push({ label: "scale-out (2 workers ÷ 1)", value: round(two.rate / one.rate, 2), unit: "×", target: "> 1", pass: two.rate > one.rate });
  }
  return {
    id: "throughput",
    title: `throughput (${opts.endpoints} endpoints, each event type matched by exactly one endpoint)`,
    metrics,
    data,
  };
}
