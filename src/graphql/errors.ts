import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import { ConflictError, InputError, type Issue, PayloadExpiredError, ServiceUnavailableError } from "../domain/errors.ts";
import type { SlowConsumerError } from "../realtime/bounded-queue.ts";
import { ReplayTooLargeError } from "../domain/live-feeds.ts";

// Expected failures carry an `extensions.code` (SPEC §4 and §9); anything else is masked by Yoga.

export const unauthenticated = (message = "a valid API key is required: Authorization: Bearer sk_…") =>
  createGraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

export const forbidden = (message = "not allowed", nodes?: GraphQLError["nodes"]) => createGraphQLError(message, { nodes, extensions: { code: "FORBIDDEN" } });

export const notFound = (what: string, id: string) => createGraphQLError(`${what} ${id} not found`, { extensions: { code: "NOT_FOUND" } });

/** For domain lookups that answer null when the object is not the caller's (or does not exist). */
export const orNotFound =
  (what: string, id: string) =>
  <T>(value: T | null): T => {
    if (value === null) throw notFound(what, id);
    return value;
  };

export const conflict = (message: string) => createGraphQLError(message, { extensions: { code: "CONFLICT" } });

/** Ends a live feed whose subscriber still had `limit` notices waiting when more came; the message says how to resume. */
export const subscriberTooSlow = (err: SlowConsumerError) => createGraphQLError(err.message, { extensions: { code: "SUBSCRIBER_TOO_SLOW", limit: err.limit } });

/** A graphql-ws connection already running as many operations as it may. */
export const tooManyOperations = (limit: number) =>
  createGraphQLError(`this connection already runs ${limit} operations, the most it may: complete one first, or open another connection`, {
    extensions: { code: "RATE_LIMITED", limit },
  });

/** A resume from further back than a live feed replays; the message says how to catch up instead. */
export const replayTooLarge = (err: ReplayTooLargeError) =>
  createGraphQLError(`after: ${err.message}`, {
    extensions: { code: "BAD_USER_INPUT", limit: err.limit, issues: [{ path: ["after"], message: err.message }] },
  });

export const badUserInput = (issues: Issue[]) =>
  createGraphQLError(
    issues.length === 1
      ? `${issues[0]!.path.join(".")}: ${issues[0]!.message}`
      : `invalid input: ${issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    { extensions: { code: "BAD_USER_INPUT", issues } },
  );

/**
 * A domain function's expected failure as a coded error (InputError paths already name the
 * argument; a SERVICE_UNAVAILABLE carries `requestId`, as its log line does); any other
 * error is returned as it is. domain-errors-plugin.ts applies it to every field calling the domain.
 */
export function codedError(err: unknown, requestId: string): unknown {
  if (err instanceof InputError) return badUserInput(err.issues);
  if (err instanceof ConflictError) return conflict(err.message);
  if (err instanceof ReplayTooLargeError) return replayTooLarge(err);
  if (err instanceof PayloadExpiredError) {
    return createGraphQLError(err.message, { extensions: { code: "PAYLOAD_EXPIRED", eventId: err.eventId, expiredAt: err.expiredAt.toISOString() } });
  }
  if (err instanceof ServiceUnavailableError) {
    return createGraphQLError(err.message, { extensions: { code: "SERVICE_UNAVAILABLE", retryAfterSeconds: err.retryAfterSeconds, requestId } });
  }
  return err;
}
