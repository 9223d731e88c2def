import type { DeliveryAttempt } from "../../db/client.ts";
import { AttemptError, AttemptTrigger } from "../../generated/prisma/enums.ts";
import { attemptFeed, resumedAttemptFeed } from "../../domain/live-feeds.ts";
import type { AttemptNotice } from "../../realtime/topics.ts";
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
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    deliveryId: t.exposeID("deliveryId"),
    endpointId: t.exposeID("endpointId"),
    eventId: t.exposeID("eventId"),
    delivery: t.relation("delivery"),
  }),
});

/**
 * A live notice is already the whole attempt row (as JSON), so subscribers get it without a
 * database read; only relations asked for (e.g. `delivery`) are loaded.
 */
function attemptFromNotice(n: AttemptNotice): DeliveryAttempt {
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
    resolve: (notice) => attemptFromNotice(notice),
  }),
);
