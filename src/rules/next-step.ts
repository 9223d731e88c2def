import type { DeliveryStatus } from "../db/client.ts";
import type { AttemptResult } from "../delivery/http-client.ts";
import { classifyResponse, honoursRetryAfter } from "./classify.ts";
import { nextRetryDelayMs } from "./retry-policy.ts";

/** What happens to a delivery after an attempt: the pure retry decision. */
export function decideNextStep(
  result: Pick<AttemptResult, "ok" | "status" | "error" | "retryAfterMs">,
  schedule: readonly number[],
  runAttempts: number,
): { status: DeliveryStatus; retryInMs: number | null; reason?: string } {
  if (result.ok) return { status: "SUCCEEDED", retryInMs: null };
  if (result.error === "BLOCKED_ADDRESS") return { status: "FAILED", retryInMs: null, reason: "endpoint address is not allowed" };
  if (result.status !== undefined && classifyResponse(result.status) === "permanent") {
    return { status: "FAILED", retryInMs: null, reason: `receiver answered ${result.status}` };
  }
  const retryAfterMs = result.status !== undefined && honoursRetryAfter(result.status) ? result.retryAfterMs : undefined;
  const delay = nextRetryDelayMs({ schedule, attemptsMadeInRun: runAttempts, retryAfterMs });
  if (delay === null) {
    return { status: "FAILED", retryInMs: null, reason: `gave up after ${runAttempts} attempts (last: ${result.status ?? result.error})` };
  }
  return { status: "PENDING", retryInMs: delay };
}
