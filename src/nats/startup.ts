import type { Logger } from "../log.ts";

export interface StartupWait {
  /** Give up (and let the process exit) after this long. */
  deadlineMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** Long enough for a JetStream cluster to elect its leaders (6–8 s) several times over. */
const JETSTREAM_STARTUP_WAIT: StartupWait = { deadlineMs: 120_000, firstDelayMs: 250, maxDelayMs: 5_000 };

/** The pause before try `attempt` (1 = the first retry): doubling, capped. */
export function startupDelay(attempt: number, wait: StartupWait): number {
  return Math.min(wait.maxDelayMs, wait.firstDelayMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Runs `step` until it succeeds, pausing between tries, so a process started while
 * JetStream is unavailable or electing a leader waits for it instead of dying; after the
 * deadline the last error is thrown.
 */
export async function untilJetStreamAnswers<T>(what: string, step: () => Promise<T>, log: Logger, wait = JETSTREAM_STARTUP_WAIT): Promise<T> {
  const deadline = Date.now() + wait.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await step();
      if (attempt > 1) log.info({ attempts: attempt }, "%s: done after waiting for JetStream", what);
      return result;
    } catch (err) {
      const delayMs = startupDelay(attempt, wait);
      if (Date.now() + delayMs > deadline) throw err;
      log.warn({ err: (err as Error).message, attempt, retryInMs: delayMs }, "%s: JetStream not answering yet; retrying", what);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
