import { type AttemptErrorKind, asksToStop, classifyResponse, honoursRetryAfter } from "./classify.ts";
import { nextRetryDelayMs, type RetryPolicy } from "./retry-policy.ts";

/** The parts of an attempt's result the decision reads (delivery/http-client.ts makes them). */
export interface AttemptVerdict {
  ok: boolean;
  status?: number;
  error?: AttemptErrorKind;
  retryAfterMs?: number;
}

/** The delivery statuses an attempt can lead to. */
export type StatusAfterAttempt = "SUCCEEDED" | "FAILED" | "PENDING";

export interface NextStep {
  status: StatusAfterAttempt;
  retryInMs: number | null;
  reason?: string;
  /** Set when the receiver asked to stop receiving: the endpoint is disabled at once, with this reason. */
  disableEndpoint?: string;
}

export const GONE_REASON = "receiver answered 410 Gone";

/** What happens to a delivery (and, when the receiver asks to stop, its endpoint) after an attempt: the pure retry decision. */
export function decideNextStep(result: AttemptVerdict, policy: RetryPolicy, runAttempts: number): NextStep {
  if (result.ok) return { status: "SUCCEEDED", retryInMs: null };
  if (result.error === "BLOCKED_ADDRESS") return { status: "FAILED", retryInMs: null, reason: "endpoint address is not allowed" };
  if (result.status !== undefined && asksToStop(result.status)) return { status: "FAILED", retryInMs: null, reason: GONE_REASON, disableEndpoint: GONE_REASON };
  if (result.status !== undefined && classifyResponse(result.status) === "permanent") {
    return { status: "FAILED", retryInMs: null, reason: `receiver answered ${result.status}` };
  }
  const retryAfterMs = result.status !== undefined && honoursRetryAfter(result.status) ? result.retryAfterMs : undefined;
  const delay = nextRetryDelayMs({ ...policy, attemptsMadeInRun: runAttempts, retryAfterMs });
  if (delay === null) {
    return { status: "FAILED", retryInMs: null, reason: `gave up after ${runAttempts} attempts (last: ${result.status ?? result.error})` };
  }
  return { status: "PENDING", retryInMs: delay };
}
