/** Delays after the first attempt, in seconds (SPEC §6): 8 attempts over about 27.5 hours. */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = Object.freeze([5, 300, 1800, 7200, 18000, 36000, 36000]);

const RETRY_JITTER = 0.2;

/**
 * `ms` moved up or down by up to `fraction` of itself, uniformly, so work that fails or waits
 * together does not come back together. The one jitter every delay in Herald goes through.
 */
export function jitter(ms: number, fraction: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + fraction * (2 * random() - 1)));
}

/** A list of delays in seconds: retry n waits `schedule[n-1]` ± 20%. */
export interface ScheduleRetryPolicy {
  schedule: readonly number[];
}

/**
 * Retry n (n ≥ 1) waits `round(baseSeconds × n^power × 1000)` ms plus up to `jitterSeconds`;
 * `maxAttempts` counts every attempt of a run, the first included, so it allows
 * `maxAttempts - 1` retries.
 */
export interface PowerRetryPolicy {
  power: number;
  baseSeconds: number;
  maxAttempts: number;
  jitterSeconds: number;
}

export type RetryPolicy = ScheduleRetryPolicy | PowerRetryPolicy;

/** The venue/events platform: `round(n^1.5 × 1000) ms + up to 1000 ms` before retry n, 40 retries. */
export const VENUE_RETRY_POLICY: PowerRetryPolicy = Object.freeze({ power: 1.5, baseSeconds: 1, maxAttempts: 41, jitterSeconds: 1 });

/** The competitions platform: 6 attempts over about 30 minutes, each wait twice the one before. */
export const COMPS_RETRY_POLICY: ScheduleRetryPolicy = Object.freeze({ schedule: Object.freeze([60, 120, 240, 480, 960]) });

export type NextRetryInput = RetryPolicy & {
  /** Attempts already made in this run, including the one that just failed (≥ 1). */
  attemptsMadeInRun: number;
  /** The receiver's Retry-After, already converted to a delay in milliseconds. */
  retryAfterMs?: number;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
};

/** Milliseconds to wait before the next attempt, or null when the policy is used up. */
export function nextRetryDelayMs(input: NextRetryInput): number | null {
  const { attemptsMadeInRun, retryAfterMs, random = Math.random } = input;
  if (!Number.isInteger(attemptsMadeInRun) || attemptsMadeInRun < 1) {
    throw new RangeError(`attemptsMadeInRun must be an integer ≥ 1, got ${attemptsMadeInRun}`);
  }
  const nominalMs = nominalRetryDelayMs(input, attemptsMadeInRun);
  if (nominalMs === null) return null;
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    // A receiver may ask for a pause, but not for longer than we would ever wait on our own.
    return Math.round(Math.min(Math.max(retryAfterMs, 0), longestRetryDelayMs(input)));
  }
  // Spreads retries of a burst that failed together, so they do not hit the receiver in lockstep.
  if ("schedule" in input) return jitter(nominalMs, RETRY_JITTER, random);
  return nominalMs + Math.round(random() * input.jitterSeconds * 1000);
}

/** The delay before retry `n` (1-based) without jitter, or null when the policy allows no retry n. */
export function nominalRetryDelayMs(policy: RetryPolicy, n: number): number | null {
  if (n < 1) return null;
  if ("schedule" in policy) {
    const seconds = policy.schedule[n - 1];
    return seconds === undefined ? null : seconds * 1000;
  }
  if (n >= policy.maxAttempts) return null;
  return Math.round(policy.baseSeconds * n ** policy.power * 1000);
}

/** How many retries a run may make after its first attempt. */
export function retryCount(policy: RetryPolicy): number {
  return "schedule" in policy ? policy.schedule.length : Math.max(0, policy.maxAttempts - 1);
}

/** Every retry's delay without jitter, in order: what the policy plans for a run that keeps failing. */
export function plannedRetryDelaysMs(policy: RetryPolicy): number[] {
  return Array.from({ length: retryCount(policy) }, (_, i) => nominalRetryDelayMs(policy, i + 1)!);
}

/** The longest wait the policy itself would choose, jitter included: the cap on a receiver's Retry-After. */
export function longestRetryDelayMs(policy: RetryPolicy): number {
  if ("schedule" in policy) return policy.schedule.length === 0 ? 0 : Math.max(...policy.schedule) * 1000;
  const last = nominalRetryDelayMs(policy, retryCount(policy));
  return last === null ? 0 : last + policy.jitterSeconds * 1000;
}

export const MAX_RETRIES = 50;
export const MAX_RETRY_DELAY_SECONDS = 7 * 86_400;
/** No run is planned to last longer than this, so a delivery always ends. */
export const MAX_RETRY_SPAN_SECONDS = 30 * 86_400;
export const MAX_POWER = 4;
export const MIN_BASE_SECONDS = 0.1;
export const MAX_BASE_SECONDS = 86_400;
export const MAX_JITTER_SECONDS = 3_600;

export interface PolicyIssue {
  path: string;
  message: string;
}

/** Every problem with a retry policy; empty when it is fine. */
export function validateRetryPolicy(policy: RetryPolicy): PolicyIssue[] {
  const issues = "schedule" in policy ? scheduleIssues(policy.schedule) : powerIssues(policy);
  if (issues.length > 0) return issues;
  const spanSeconds = plannedRetryDelaysMs(policy).reduce((a, b) => a + b, 0) / 1000;
  if (spanSeconds > MAX_RETRY_SPAN_SECONDS) {
    return [{ path: "", message: `plans ${Math.round(spanSeconds)} seconds of retries; at most ${MAX_RETRY_SPAN_SECONDS} (30 days) are allowed` }];
  }
  return [];
}

function scheduleIssues(schedule: readonly number[]): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  if (schedule.length > MAX_RETRIES) issues.push({ path: "schedule", message: `must list at most ${MAX_RETRIES} delays` });
  schedule.forEach((seconds, i) => {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_RETRY_DELAY_SECONDS) {
      issues.push({ path: `schedule.${i}`, message: `must be a whole number of seconds from 1 to ${MAX_RETRY_DELAY_SECONDS} (7 days)` });
    }
  });
  return issues;
}

function powerIssues(p: PowerRetryPolicy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const within = (path: keyof PowerRetryPolicy, min: number, max: number) => {
    const value = p[path];
    if (!Number.isFinite(value) || value < min || value > max) issues.push({ path, message: `must be from ${min} to ${max}` });
  };
  within("power", 0, MAX_POWER);
  within("baseSeconds", MIN_BASE_SECONDS, MAX_BASE_SECONDS);
  within("jitterSeconds", 0, MAX_JITTER_SECONDS);
  if (!Number.isInteger(p.maxAttempts) || p.maxAttempts < 1 || p.maxAttempts > MAX_RETRIES + 1) {
    issues.push({ path: "maxAttempts", message: `must be a whole number from 1 to ${MAX_RETRIES + 1} (the first attempt counts)` });
  }
  if (issues.length > 0) return issues;
  // Delays grow with n (power ≥ 0), so the last retry's is the longest.
  const longestSeconds = (nominalRetryDelayMs(p, retryCount(p)) ?? 0) / 1000;
  if (longestSeconds > MAX_RETRY_DELAY_SECONDS) {
    issues.push({
      path: "",
      message: `waits ${Math.round(longestSeconds)} seconds before its last retry; at most ${MAX_RETRY_DELAY_SECONDS} (7 days) are allowed`,
    });
  }
  return issues;
}

const DELTA_SECONDS = /^\d+$/;
// RFC 9110 §5.6.7: recipients must accept IMF-fixdate and the two obsolete forms, all in GMT.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/** A Retry-After header (delta-seconds or HTTP-date) as milliseconds from `now`, never negative. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (DELTA_SECONDS.test(value)) return Number(value) * 1000;
  let at: number;
  if (IMF_FIXDATE.test(value) || RFC850_DATE.test(value)) at = Date.parse(value);
  // asctime carries no zone, and Date.parse would read it as local time.
  else if (ASCTIME_DATE.test(value)) at = Date.parse(`${value} GMT`);
  else return undefined;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
