import { consumerBacklog } from "../nats/backlog.ts";
import { attemptCountsSince } from "../store/deliveries.ts";
import { checkReadiness, type ReadinessDeps, within } from "./readiness.ts";

/** The window deliveriesPerSecond and failuresPerSecond average over. */
export const RATE_WINDOW_SECONDS = 60;
const TIMEOUT_MS = 1_500;

export interface SystemStatus {
  postgres: boolean;
  nats: boolean;
  /** Null when REDIS_URL is not set. */
  redis: boolean | null;
  /** Null when NATS cannot tell. */
  queueDepth: number | null;
  /** Null when Postgres cannot tell. */
  deliveriesPerSecond: number | null;
  failuresPerSecond: number | null;
}

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await within(TIMEOUT_MS, p);
  } catch {
    return null;
  }
}

/**
 * What the operator view shows: each server's readiness as /readyz decides it (NATS counts as
 * up only when the EVENTS stream has a leader), the consumers' backlog, and the attempts of
 * the last minute. A server that does not answer leaves its figures null, not the whole answer.
 */
export async function systemStatus(deps: ReadinessDeps): Promise<SystemStatus> {
  const since = new Date(Date.now() - RATE_WINDOW_SECONDS * 1000);
  const [readiness, queueDepth, counts] = await Promise.all([
    checkReadiness(deps, TIMEOUT_MS),
    orNull(consumerBacklog(deps.nats.jsm)),
    orNull(attemptCountsSince(deps.db.pool, since)),
  ]);
  const ok = (name: string) => readiness.checks[name] === "ok";
  return {
    postgres: ok("postgres"),
    nats: ok("nats") && ok("jetstream"),
    redis: deps.redis ? ok("redis") : null,
    queueDepth,
    deliveriesPerSecond: counts && counts.attempts / RATE_WINDOW_SECONDS,
    failuresPerSecond: counts && counts.failures / RATE_WINDOW_SECONDS,
  };
}
