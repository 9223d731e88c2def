import { roundRobinPlan } from "./produce.ts";
import { repeat, round } from "./stats.ts";
import type { EndpointSpec, ScenarioEnv } from "./env.ts";
import type { BenchContext } from "./types.ts";
import { formatCores, healthyEndpoints, measureRep, type RepResult } from "../scenarios/throughput.ts";

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
