import { randomBytes } from "node:crypto";
import { VENUE_ENVELOPE } from "../../src/rules/envelope-mapping.ts";
import { FANFARE, VENUE } from "../../src/rules/wire-format.ts";
import { type EndpointSpec, openEnv, type ScenarioEnv } from "../lib/env.ts";
import { roundRobinPlan } from "../lib/produce.ts";
import { median, repeat, round } from "../lib/stats.ts";
import type { ReceiverContract } from "../lib/receiver-protocol.ts";
import type { BenchContext, Metric, ScenarioResult } from "../lib/types.ts";
import { attemptFailures, formatCores, healthyEndpoints, measureRep, medianRep, type RepResult, throughput } from "./throughput.ts";

// `--formats` (issue #18): the throughput workload signed with a platform's HMAC headers and
// sent in a mapped envelope, each as a ratio to Standard Webhooks measured in the same run.

const LABEL = "fmt";
const TARGET_RATIO = 0.95;

interface FormatCase {
  id: "standard" | "hmac" | "mapped";
  label: string;
  /** How the receiver checks the case's deliveries. */
  contract: ReceiverContract;
  /** What the case's endpoints speak, with a fresh secret each. */
  endpoint(): Pick<EndpointSpec, "wireFormat" | "envelope" | "secret">;
}

// A platform moving onto Herald brings the secrets its customers hold: imported, as it would.
const importedSecret = () => randomBytes(24).toString("base64url");

const CASES: readonly FormatCase[] = [
  { id: "standard", label: "STANDARD_WEBHOOKS", contract: "standard", endpoint: () => ({}) },
  { id: "hmac", label: "HMAC_HEADERS (fanfare preset)", contract: "fanfare", endpoint: () => ({ wireFormat: FANFARE, secret: importedSecret() }) },
  {
    id: "mapped",
    label: "mapped envelope (venue preset + envelope)",
    contract: "venue",
    endpoint: () => ({ wireFormat: VENUE, envelope: VENUE_ENVELOPE, secret: importedSecret() }),
  },
];

/** Each case's own endpoints, on the same origins as the other cases', subscribed to event types of its own. */
async function createCaseEndpoints(ctx: BenchContext, env: ScenarioEnv): Promise<void> {
  for (const c of CASES) {
    const specs = healthyEndpoints(`${LABEL}-${c.id}`, ctx.opts.endpoints, {}, typePrefix(c)).map((s) => ({ ...s, ...c.endpoint(), contract: c.contract }));
    await env.createEndpoints(specs);
  }
}

const typePrefix = (c: FormatCase) => `bench.${c.id}.t`;

/** Round r runs the cases starting from the r-th: over 3 rounds each case runs first, second and third once. */
const roundOrder = (r: number) => CASES.map((_, i) => CASES[(i + r) % CASES.length]!);

/**
 * Warm-up and reps interleaved (standard, hmac, mapped, hmac, mapped, standard, …) on one worker
 * process, so that each format's median sees the same machine: on a shared machine, load that
 * comes and goes falls on all three alike instead of on whichever format ran during it. The
 * order rotates because a rep's position in its round is not neutral: the rep before it leaves
 * garbage and background work (ack flushes, live notices) behind.
 */
async function interleavedReps(ctx: BenchContext, env: ScenarioEnv): Promise<Map<FormatCase["id"], RepResult[]>> {
  const { opts } = ctx;
  const plans = new Map(CASES.map((c) => [c.id, roundRobinPlan(env.organizationId, opts.endpoints, opts.bodyBytes, typePrefix(c))]));
  const reps = new Map<FormatCase["id"], RepResult[]>(CASES.map((c) => [c.id, []]));
  if (opts.warmup > 0) {
    for (const c of CASES) await measureRep(env, plans.get(c.id)!(`${LABEL}-${c.id}-warm`), opts.warmup, { label: `${c.label} warm-up` });
  }
  await repeat(opts.reps, async (r) => {
    for (const c of roundOrder(r)) {
      const rep = await measureRep(env, plans.get(c.id)!(`${LABEL}-${c.id}-r${r}`), opts.events, { label: `${c.label} rep ${r + 1}` });
      ctx.log(
        `  ${c.label} rep ${r + 1}: ${round(rep.rate)} deliveries/s (${rep.deliveries} in ${rep.seconds.toFixed(2)} s); cores: ${formatCores(rep.cores)}`,
      );
      reps.get(c.id)!.push(rep);
    }
  });
  return reps;
}

/** Verified requests per case, from the receiver's per-key counts (key names start with the case's label). */
function verifiedByCase(received: Record<string, number>): Map<FormatCase["id"], number> {
  const out = new Map<FormatCase["id"], number>(CASES.map((c) => [c.id, 0]));
  for (const [name, n] of Object.entries(received)) {
    const c = CASES.find((x) => name.startsWith(`${LABEL}-${x.id}-`));
    if (c) out.set(c.id, out.get(c.id)! + n);
  }
  return out;
}

/** One row per format: its median deliveries/s, and its ratio to STANDARD_WEBHOOKS' median in the same run. */
export async function compareFormats(ctx: BenchContext): Promise<{ metrics: Metric[]; data: Record<string, unknown> }> {
  const env = await openEnv(ctx, { label: LABEL, workers: 1 });
  try {
    await createCaseEndpoints(ctx, env);
    const reps = await interleavedReps(ctx, env);
    const { failedAttempts, failureKinds } = await attemptFailures(env);
    const { stats } = await ctx.receiver.stats({ reset: true });
    const verified = verifiedByCase(stats.received);
    const health = await env.workerHealth();
    const standard = median(reps.get("standard")!.map((r) => r.rate));
    const data: Record<string, unknown> = { failedAttempts, receiver: stats, health };
    const metrics = CASES.map((c): Metric => {
      const caseReps = reps.get(c.id)!;
      const rate = median(caseReps.map((r) => r.rate));
      const ratio = rate / standard;
      data[c.id] = { medianRate: rate, ratio, reps: caseReps, verified: verified.get(c.id) };
      const rates = caseReps.map((r) => round(r.rate)).join(", ");
      // Against the standard rep of the same round, at most two reps away: the least drift in machine load.
      const perRound = caseReps.map((r, i) => (r.rate / reps.get("standard")![i]!.rate).toFixed(2)).join(", ");
      return {
        label: `1 worker, ${c.label}`,
        value: round(rate),
        unit: "deliveries/s",
        ...(c.id === "standard" ? {} : { target: `≥ ${TARGET_RATIO}× standard`, pass: ratio >= TARGET_RATIO }),
        detail: `${ratio.toFixed(3)}× STANDARD_WEBHOOKS in this run (per round ${perRound}); reps ${rates} (interleaved with the other formats, order rotated each round); ${verified.get(c.id)} verified (${c.contract}); cores in median rep: ${formatCores(medianRep(caseReps).cores)}`,
      };
    });
    const faults = failedAttempts + stats.badSignature + stats.libraryDisagreed;
    metrics.push({
      label: "formats: failed attempts, bad signatures, disagreements",
      value: faults,
      unit: "count",
      target: "0",
      pass: faults === 0,
      detail: `${failedAttempts} failed attempts${failedAttempts ? ` (${failureKinds})` : ""}, ${stats.badSignature} bad signatures, ${stats.duplicates} duplicates; ${stats.sampledWithLibrary} requests also verified by the reference receivers (contract-receivers.ts, standardwebhooks), ${stats.libraryDisagreed} disagreed; ${health}`,
    });
    return { metrics, data };
  } finally {
    await env.stop();
  }
}

/** The throughput scenario, followed with `--formats` by the wire-format comparison as more rows of it. */
export async function throughputWithFormats(ctx: BenchContext): Promise<ScenarioResult> {
  const result = await throughput(ctx);
  if (!ctx.opts.formats) return result;
  const formats = await compareFormats(ctx);
  return { ...result, metrics: [...result.metrics, ...formats.metrics], data: { ...result.data, formats: formats.data } };
}
