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

export interface NextRetryInput {
  schedule: readonly number[];
  /** Attempts already made in this run, including the one that just failed (≥ 1). */
  attemptsMadeInRun: number;
  /** The receiver's Retry-After, already converted to a delay in milliseconds. */
  retryAfterMs?: number;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

/** Milliseconds to wait before the next attempt, or null when the schedule is used up. */
export function nextRetryDelayMs({ schedule, attemptsMadeInRun, retryAfterMs, random = Math.random }: NextRetryInput): number | null {
  if (!Number.isInteger(attemptsMadeInRun) || attemptsMadeInRun < 1) {
    throw new RangeError(`attemptsMadeInRun must be an integer ≥ 1, got ${attemptsMadeInRun}`);
  }
  const stepSeconds = schedule[attemptsMadeInRun - 1];
  if (stepSeconds === undefined) return null;
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    // A receiver may ask for a pause, but not for longer than we would ever wait on our own.
    const capMs = Math.max(...schedule) * 1000;
    return Math.round(Math.min(Math.max(retryAfterMs, 0), capMs));
  }
  // Spreads retries of a burst that failed together, so they do not hit the receiver in lockstep.
  return jitter(stepSeconds * 1000, RETRY_JITTER, random);
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
