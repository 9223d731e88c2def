import type { DeliveryAttempt } from "../../db/client.ts";
import { AttemptError, AttemptTrigger } from "../../generated/prisma/enums.ts";
import { attemptFeed, resumedAttemptFeed } from "../../domain/live-feeds.ts";
import type { AttemptNotice } from "../../realtime/topics.ts";
import { decodeHeaders, type HttpHeader } from "../../rules/attempt-headers.ts";
import { builder } from "../builder.ts";
import { subscribeToFeed } from "../subscribe-to-feed.ts";

const AttemptTriggerEnum = builder.enumType(AttemptTrigger, {
  name: "AttemptTrigger",
  description: "What started the run an attempt belongs to.",
});

const AttemptErrorEnum = builder.enumType(AttemptError, {
  name: "AttemptError",
  description: "Why an attempt got no usable HTTP response.",
});

const HttpHeaderRef = builder.objectRef<HttpHeader>("HttpHeader").implement({
  description: "One HTTP header, in the order it was sent or received.",
  fields: (t) => ({
    name: t.exposeString("name"),
    value: t.exposeString("value"),
  }),
});

export const DeliveryAttemptRef = builder.prismaObject("DeliveryAttempt", {
  description: "One HTTP request to an endpoint and its outcome.",
  fields: (t) => ({
    id: t.exposeID("id"),
    attemptNumber: t.exposeInt("attemptNumber"),
    trigger: t.expose("trigger", { type: AttemptTriggerEnum }),
    responseStatus: t.exposeInt("responseStatus", { nullable: true }),
    responseBody: t.exposeString("responseBody", { nullable: true, complexity: 5, description: "At most 4 KiB of the response body." }),
    error: t.expose("error", { type: AttemptErrorEnum, nullable: true }),
    errorMessage: t.exposeString("errorMessage", { nullable: true }),
    durationMs: t.exposeInt("durationMs"),
    requestHeaders: t.field({
      type: [HttpHeaderRef],
      select: { requestHeaders: true },
      complexity: 5,
      description:
        "The request's headers as Herald sent them, the signature's included (never the secret). Empty for attempts recorded before headers were kept.",
      resolve: (a) => decodeHeaders(a.requestHeaders),
    }),
    responseHeaders: t.field({
      type: [HttpHeaderRef],
      select: { responseHeaders: true },
      complexity: 5,
      description:
        "The response's headers: at most 50 and 4 KiB; a last `x-herald-truncated` header counts those left out. Empty when no response came, and for attempts recorded before headers were kept.",
      resolve: (a) => decodeHeaders(a.responseHeaders),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    deliveryId: t.exposeID("deliveryId"),
    endpointId: t.exposeID("endpointId"),
    eventId: t.exposeID("eventId"),
    delivery: t.relation("delivery"),
  }),
});

/**
 * A live notice is the attempt row (as JSON) but its headers, so subscribers get it without a
 * database read; only relations and headers asked for are loaded (fields that `select` load
 * what a parent of no Prisma query lacks), which keeps every notice small.
 */
function attemptFromNotice(n: AttemptNotice): Omit<DeliveryAttempt, "requestHeaders" | "responseHeaders"> {
  return { ...n, trigger: n.trigger as AttemptTrigger, error: n.error as AttemptError | null, createdAt: new Date(n.createdAt) };
}

builder.subscriptionField("deliveryAttempts", (t) =>
  t.withAuth({ org: true }).field({
    type: DeliveryAttemptRef,
    description: "Every attempt as it is recorded, by any worker; both filters optional (none: the whole organization).",
    args: {
      endpointId: t.arg.id(),
      eventId: t.arg.id(),
      after: t.arg.id({
        description:
          "Resume: first the attempts recorded after this attempt id, then live ones. " +
          "Refused (BAD_USER_INPUT) when more than MAX_REPLAY_ATTEMPTS (default 1,000) were recorded since: page `deliveries` to catch up.",
      }),
    },
    subscribe: (_root, { after, ...filter }, ctx) =>
      subscribeToFeed(ctx, filter, (org, options) =>
        after ? resumedAttemptFeed(ctx.services, org, { ...filter, after: String(after) }, options) : attemptFeed(ctx.services, org, filter, options),
      ),
    resolve: (notice) => attemptFromNotice(notice) as DeliveryAttempt,
  }),
);
