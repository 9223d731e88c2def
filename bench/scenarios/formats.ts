import { randomBytes } from "node:crypto";
import { VENUE_ENVELOPE } from "../../src/rules/envelope-mapping.ts";
import { FANFARE, VENUE } from "../../src/rules/wire-format.ts";
import { type EndpointSpec, openEnv } from "../lib/env.ts";
import { createCaseEndpoints, interleavedCaseReps, receivedByCase } from "../lib/case-reps.ts";
import { median, round } from "../lib/stats.ts";
import type { ReceiverContract } from "../lib/receiver-protocol.ts";
import type { BenchContext, Metric, ScenarioResult } from "../lib/types.ts";
import { attemptFailures, formatCores, medianRep, throughput } from "./throughput.ts";

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

/** One row per format: its median deliveries/s, and its ratio to STANDARD_WEBHOOKS' median in the same run. */
export async function compareFormats(ctx: BenchContext): Promise<{ metrics: Metric[]; data: Record<string, unknown> }> {
  const env = await openEnv(ctx, { label: LABEL, workers: 1 });
  try {
    await createCaseEndpoints(ctx, env, LABEL, CASES, (c) => ({ ...c.endpoint(), contract: c.contract }));
    const reps = await interleavedCaseReps(ctx, env, LABEL, CASES);
    const { failedAttempts, failureKinds } = await attemptFailures(env);
    const { stats } = await ctx.receiver.stats({ reset: true });
    const verified = receivedByCase(stats.received, LABEL, CASES);
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
