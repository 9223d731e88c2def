import { roundRobinPlan } from "./produce.ts";
import { median, repeat, round } from "./stats.ts";
import { type EndpointSpec, openEnv, type ScenarioEnv } from "./env.ts";
import type { BenchContext, Metric, Scenario } from "./types.ts";
import { attemptFailures, ceilingRates, formatCores, healthyEndpoints, measureRep, medianRep, type RepResult } from "../scenarios/throughput.ts";

// The same throughput workload run for several cases on one worker process (wire formats,
// filters), with the reps interleaved: load that comes and goes on the shared machine falls on
// every case alike. Each case has endpoints of its own, subscribed to event types of its own.

export interface BenchCase<Id extends string> {
  id: Id;
  label: string;
}

/** `bench.<case id>.t`: the event types a case's endpoints subscribe to. */
export function caseTypePrefix(c: BenchCase<string>): string {
  return `bench.${c.id}.t`;
}

/** Each case's own endpoints, on the same origins as the other cases', with what `extra` sets for the case. */
export async function createCaseEndpoints<C extends BenchCase<string>>(
  ctx: BenchContext,
  env: ScenarioEnv,
  label: string,
  cases: readonly C[],
  extra: (c: C) => Partial<EndpointSpec>,
): Promise<void> {
  for (const c of cases) {
    await env.createEndpoints(healthyEndpoints(`${label}-${c.id}`, ctx.opts.endpoints, {}, caseTypePrefix(c)).map((s) => ({ ...s, ...extra(c) })));
  }
}

/**
 * Warm-up, then `opts.reps` rounds of one rep per case. Round r starts from the r-th case, so
 * each case runs first, second, … equally often: a rep's position in its round is not neutral,
 * since the rep before it leaves garbage and background work (ack flushes, live notices) behind.
 */
export async function interleavedCaseReps<C extends BenchCase<string>>(
  ctx: BenchContext,
  env: ScenarioEnv,
  label: string,
  cases: readonly C[],
): Promise<Map<C["id"], RepResult[]>> {
  const { opts } = ctx;
  const plans = new Map(cases.map((c) => [c.id, roundRobinPlan(env.organizationId, opts.endpoints, opts.bodyBytes, caseTypePrefix(c))]));
  const reps = new Map<C["id"], RepResult[]>(cases.map((c) => [c.id, []]));
  if (opts.warmup > 0) {
    for (const c of cases) await measureRep(env, plans.get(c.id)!(`${label}-${c.id}-warm`), opts.warmup, { label: `${c.label} warm-up` });
  }
  await repeat(opts.reps, async (r) => {
    for (const c of cases.map((_, i) => cases[(i + r) % cases.length]!)) {
      const rep = await measureRep(env, plans.get(c.id)!(`${label}-${c.id}-r${r}`), opts.events, { label: `${c.label} rep ${r + 1}` });
      ctx.log(
        `  ${c.label} rep ${r + 1}: ${round(rep.rate)} deliveries/s (${rep.deliveries} in ${rep.seconds.toFixed(2)} s); cores: ${formatCores(rep.cores)}`,
      );
      reps.get(c.id)!.push(rep);
    }
  });
  return reps;
}

/** Requests per case from the receiver's per-key counts (key names start with `<label>-<case id>-`). */
export function receivedByCase<C extends BenchCase<string>>(received: Record<string, number>, label: string, cases: readonly C[]): Map<C["id"], number> {
  const out = new Map<C["id"], number>(cases.map((c) => [c.id, 0]));
  for (const [name, n] of Object.entries(received)) {
    const c = cases.find((x) => name.startsWith(`${label}-${x.id}-`));
    if (c) out.set(c.id, out.get(c.id)! + n);
  }
  return out;
}

/** A comparison of cases against a baseline case, each with endpoints of its own, on one worker. */
export interface CaseComparison<C extends BenchCase<string>> {
  /** Receiver key prefix of the comparison's endpoints. */
  label: string;
  cases: readonly C[];
  baseline: C["id"];
  /** How rows name the baseline ("no filter"). */
  baselineName: string;
  targetRatio: number;
  /** What each case's endpoints set beyond the throughput workload's. */
  extra: (c: C) => Partial<EndpointSpec>;
  /** Names the comparison's row of failures ("filters"). */
  name: string;
}

/** One row per case (its median deliveries/s and ratio to the baseline's in the same run), and a row of failures. */
export async function compareCases<C extends BenchCase<string>>(
  ctx: BenchContext,
  spec: CaseComparison<C>,
): Promise<{ metrics: Metric[]; data: Record<string, unknown> }> {
  const env = await openEnv(ctx, { label: spec.label, workers: 1 });
  try {
    await createCaseEndpoints(ctx, env, spec.label, spec.cases, spec.extra);
    const reps = await interleavedCaseReps(ctx, env, spec.label, spec.cases);
    const { failedAttempts, failureKinds } = await attemptFailures(env);
    const { stats } = await ctx.receiver.stats({ reset: true });
    const received = receivedByCase(stats.received, spec.label, spec.cases);
    const health = await env.workerHealth();
    const data: Record<string, unknown> = { failedAttempts, receiver: stats, health };
    const metrics = spec.cases.map((c) => caseMetric(ctx, spec, c, reps, received, data));
    const bad = failedAttempts + stats.badSignature + stats.duplicates;
    metrics.push({
      label: `${spec.name}: failed attempts, bad signatures, duplicates`,
      value: bad,
      unit: "count",
      target: "0",
      pass: bad === 0,
      detail: `${failedAttempts} failed attempts${failedAttempts ? ` (${failureKinds})` : ""}, ${stats.badSignature} bad signatures, ${stats.duplicates} duplicates; ${health}`,
    });
    return { metrics, data };
  } finally {
    await env.stop();
  }
}

function caseMetric<C extends BenchCase<string>>(
  ctx: BenchContext,
  spec: CaseComparison<C>,
  c: C,
  reps: Map<C["id"], RepResult[]>,
  received: Map<C["id"], number>,
  data: Record<string, unknown>,
): Metric {
  const baseReps = reps.get(spec.baseline)!;
  const caseReps = reps.get(c.id)!;
  const rate = median(caseReps.map((r) => r.rate));
  const ratio = rate / median(baseReps.map((r) => r.rate));
  data[c.id] = { medianRate: rate, ratio, reps: caseReps, received: received.get(c.id) };
  const rates = caseReps.map((r) => round(r.rate)).join(", ");
  const perRound = caseReps.map((r, i) => (r.rate / baseReps[i]!.rate).toFixed(2)).join(", ");
  const { bare } = ceilingRates(ctx);
  const toCeiling = bare ? `${(rate / bare).toFixed(2)}× bare ceiling` : "ceiling not run";
  return {
    label: `1 worker, ${c.label}`,
    value: round(rate),
    unit: "deliveries/s",
    ...(c.id === spec.baseline ? {} : { target: `≥ ${spec.targetRatio}× ${spec.baselineName}`, pass: ratio >= spec.targetRatio }),
    detail: `${ratio.toFixed(3)}× ${spec.baselineName} in this run (per round ${perRound}); ${toCeiling}; reps ${rates} (interleaved, order alternating each round); ${received.get(c.id)} received; cores in median rep: ${formatCores(medianRep(caseReps).cores)}`,
  };
}

/** A scenario followed, when `enabled`, by a comparison whose rows join its own (its data under `key`). */
export function followedBy(
  run: Scenario,
  enabled: (opts: BenchContext["opts"]) => boolean,
  key: string,
  compare: (ctx: BenchContext) => Promise<{ metrics: Metric[]; data: Record<string, unknown> }>,
): Scenario {
  return async (ctx) => {
    const result = await run(ctx);
    if (!enabled(ctx.opts)) return result;
    const more = await compare(ctx);
    return { ...result, metrics: [...result.metrics, ...more.metrics], data: { ...result.data, [key]: more.data } };
  };
}
