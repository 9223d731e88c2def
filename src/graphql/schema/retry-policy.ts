import { MAX_RETRIES, MAX_RETRY_DELAY_SECONDS, MAX_RETRY_SPAN_SECONDS, type RetryPolicy, retryCount } from "../../rules/retry-policy.ts";
import { builder } from "../builder.ts";

const LIMITS = `Each delay at most ${MAX_RETRY_DELAY_SECONDS} seconds (7 days), at most ${MAX_RETRIES} retries, and at most ${MAX_RETRY_SPAN_SECONDS / 86_400} days of retries in all.`;

const power =
  <K extends "power" | "baseSeconds" | "jitterSeconds">(key: K) =>
  (p: RetryPolicy) =>
    "schedule" in p ? null : p[key];

export const RetryPolicyRef = builder.objectRef<RetryPolicy>("RetryPolicy").implement({
  description: "When failed attempts are retried: a list of delays, or a power curve. `Delivery.nextAttemptAt` follows it.",
  fields: (t) => ({
    schedule: t.intList({
      nullable: true,
      description: "Seconds before each retry, ±20% jitter; null for a power curve.",
      resolve: (p) => ("schedule" in p ? [...p.schedule] : null),
    }),
    power: t.float({
      nullable: true,
      description: "Retry n waits `round(baseSeconds × n^power × 1000)` ms plus up to `jitterSeconds`.",
      resolve: power("power"),
    }),
    baseSeconds: t.float({ nullable: true, resolve: power("baseSeconds") }),
    jitterSeconds: t.float({ nullable: true, resolve: power("jitterSeconds") }),
    maxAttempts: t.int({ description: "Attempts in a run, the first included.", resolve: (p) => retryCount(p) + 1 }),
  }),
});

export const RetryPolicyInput = builder.inputType("RetryPolicyInput", {
  description: `Either \`{schedule: [seconds]}\`, or \`{power, baseSeconds, maxAttempts, jitterSeconds}\`: retry n waits \`round(baseSeconds × n^power × 1000)\` ms plus up to \`jitterSeconds\`, and \`maxAttempts\` counts the first attempt (41 = 40 retries). ${LIMITS}`,
  fields: (t) => ({
    schedule: t.intList({ description: "Seconds before each retry (±20% jitter)." }),
    power: t.float({ description: "0 to 4." }),
    baseSeconds: t.float({ description: "0.1 to 86400; defaults to 1." }),
    maxAttempts: t.int({ description: `1 to ${MAX_RETRIES + 1}, the first attempt included.` }),
    jitterSeconds: t.float({ description: "Up to this much is added to each delay; 0 to 3600, defaults to 0." }),
  }),
});
