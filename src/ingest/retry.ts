/**
 * When ingest cannot store a batch (Postgres away, a statement failing for every message),
 * its events go back to JetStream and come back after this delay: doubling with each
 * delivery of the message, so an outage that lasts is not retried every second forever,
 * and capped, so that recovery is noticed within RETRY_MAX_MS.
 *
 *   delivery   1    2    3    4    5     6+
 *   delay      1 s  2 s  4 s  8 s  16 s  30 s
 */
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 30_000;

export function retryDelayMs(deliveryCount: number): number {
  const attempt = Math.max(1, Math.floor(Number.isFinite(deliveryCount) ? deliveryCount : 1));
  // 2^(attempt-1) past 2^5 only grows: stop before it overflows to Infinity.
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(attempt - 1, 16));
}

/** After this many batches in a row could not be stored, operators are alerted. */
export const ALERT_AFTER_FAILED_BATCHES = 3;
/** While the failures go on, at most one alert per this interval. */
export const ALERT_INTERVAL_MS = 5 * 60_000;

export interface StreakStep {
  /** The first failure of a streak: log it (once, not per batch). */
  started: boolean;
  /** Publish an operator alert now. */
  alert: boolean;
}

/**
 * Consecutive failed batches: says when a streak starts (to log it once), when to alert
 * (after ALERT_AFTER_FAILED_BATCHES, then at most once per ALERT_INTERVAL_MS), and how long
 * it lasted once a batch is stored again.
 */
export class FailureStreak {
  failures = 0;
  startedAt = 0;
  private alertedAt: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  failed(): StreakStep {
    const now = this.now();
    this.failures++;
    const started = this.failures === 1;
    if (started) this.startedAt = now;
    const due = this.failures >= ALERT_AFTER_FAILED_BATCHES && (this.alertedAt === undefined || now - this.alertedAt >= ALERT_INTERVAL_MS);
    if (due) this.alertedAt = now;
    return { started, alert: due };
  }

  /** Ends the streak; returns how many batches had failed in it (0: there was none). */
  succeeded(): number {
    const failures = this.failures;
    this.failures = 0;
    // Alerting again needs a new streak to reach the threshold, not the interval's end.
    this.alertedAt = undefined;
    return failures;
  }
}
