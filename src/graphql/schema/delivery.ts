import { redeliver, replayEvents, sendTestEvent } from "../../domain/deliveries.ts";
import { DeliveryStatus } from "../../generated/prisma/enums.ts";
import type { Delivery } from "../../db/client.ts";
import { deliveryFeed } from "../../realtime/feeds.ts";
import type { DeliveryNotice } from "../../realtime/topics.ts";
import { requireOrg } from "../auth.ts";
import { builder } from "../builder.ts";
import { orNotFound, withDomainErrors } from "../errors.ts";
import { liveFeed } from "../live-feed.ts";

export const DeliveryStatusEnum = builder.enumType(DeliveryStatus, {
  name: "DeliveryStatus",
  description: "CANCELLED: the endpoint was deleted or disabled before the delivery finished.",
});

export const DeliveryRef = builder.prismaObject("Delivery", {
  description: "One event on its way to one endpoint, across all of its attempts.",
  fields: (t) => ({
    id: t.exposeID("id"),
    status: t.expose("status", { type: DeliveryStatusEnum }),
    attemptCount: t.exposeInt("attemptCount"),
    nextAttemptAt: t.expose("nextAttemptAt", { type: "DateTime", nullable: true }),
    lastAttemptAt: t.expose("lastAttemptAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    eventType: t.exposeString("eventType"),
    endpointId: t.exposeID("endpointId"),
    eventId: t.exposeID("eventId"),
    endpoint: t.relation("endpoint"),
    event: t.relation("event"),
    attempts: t.relatedConnection(
      "attempts",
      { cursor: "id", description: "Newest first.", query: { orderBy: { id: "desc" } } },
      { name: "DeliveryAttemptConnection" },
      { name: "DeliveryAttemptEdge" },
    ),
  }),
});

/** One connection type for every list of deliveries (log, per endpoint, per event). */
export const DeliveryConnection = builder.connectionObject({ type: DeliveryRef, name: "DeliveryConnection" });

/** The options of a `deliveries` relation (Endpoint, Event): newest first, optionally of one status. */
export const deliveriesByStatus = {
  cursor: "id",
  description: "Newest first.",
  args: builder.args((t) => ({ status: t.field({ type: DeliveryStatusEnum }) })),
  query: (args: { status?: DeliveryStatus | null }) => ({ where: args.status ? { status: args.status } : {}, orderBy: { id: "desc" as const } }),
} as const;

builder.queryFields((t) => ({
  delivery: t.prismaField({
    type: "Delivery",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.services.db.prisma.delivery.findFirst({ ...query, where: { id, organizationId: requireOrg(ctx) } }).then(orNotFound("delivery", id)),
  }),
  deliveries: t.prismaConnection(
    {
      type: "Delivery",
      cursor: "id",
      description: "The delivery log, newest first.",
      args: {
        endpointId: t.arg.id(),
        eventId: t.arg.id(),
        status: t.arg({ type: DeliveryStatusEnum }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.services.db.prisma.delivery.findMany({
          ...query,
          where: {
            organizationId: requireOrg(ctx),
            ...(args.endpointId != null && { endpointId: args.endpointId }),
            ...(args.eventId != null && { eventId: args.eventId }),
            ...(args.status != null && { status: args.status }),
          },
          orderBy: { id: "desc" },
        }),
    },
    DeliveryConnection,
  ),
}));

const ReplayPayload = builder.objectRef<{ count: number }>("ReplayEventsPayload").implement({
  fields: (t) => ({ count: t.exposeInt("count", { description: "Deliveries re-queued." }) }),
});

builder.mutationFields((t) => ({
  sendTestEvent: t.prismaField({
    type: "Delivery",
    description: "Delivers an example event of `eventType` to this endpoint alone (trigger TEST).",
    args: { endpointId: t.arg.id({ required: true }), eventType: t.arg.string({ required: true }) },
    resolve: (_query, _root, { endpointId, eventType }, ctx) => {
      const organizationId = requireOrg(ctx);
      return withDomainErrors(() => sendTestEvent(ctx.services, organizationId, endpointId, eventType)).then(orNotFound("endpoint", endpointId));
    },
  }),
  redeliver: t.prismaField({
    type: "Delivery",
    description: "Sends the delivery again as a new MANUAL attempt: same body, same webhook-id.",
    args: { deliveryId: t.arg.id({ required: true }) },
    resolve: (_query, _root, { deliveryId }, ctx) => {
      const organizationId = requireOrg(ctx);
      return withDomainErrors(() => redeliver(ctx.services, organizationId, deliveryId)).then(orNotFound("delivery", deliveryId));
    },
  }),
  replayEvents: t.field({
    type: ReplayPayload,
    description: "Re-queues the endpoint's deliveries created in [since, until) (until defaults to now).",
    args: {
      endpointId: t.arg.id({ required: true }),
      since: t.arg({ type: "DateTime", required: true }),
      until: t.arg({ type: "DateTime" }),
      onlyFailed: t.arg.boolean({ defaultValue: true }),
    },
    resolve: (_root, { endpointId, since, until, onlyFailed }, ctx) => {
      const organizationId = requireOrg(ctx);
      return withDomainErrors(() => replayEvents(ctx.services, organizationId, { endpointId, since, until, onlyFailed })).then(
        orNotFound("endpoint", endpointId),
      );
    },
  }),
}));

/** The notice as the row it describes; run bookkeeping is not part of the GraphQL type. */
function deliveryFromNotice(n: DeliveryNotice): Delivery {
  return {
    ...n,
    nextAttemptAt: n.nextAttemptAt ? new Date(n.nextAttemptAt) : null,
    lastAttemptAt: n.lastAttemptAt ? new Date(n.lastAttemptAt) : null,
    createdAt: new Date(n.createdAt),
    updatedAt: new Date(n.updatedAt),
    runId: "",
    runTrigger: "INITIAL",
    runAttempts: 0,
  };
}

builder.subscriptionField("deliveryUpdated", (t) =>
  t.prismaField({
    type: "Delivery",
    description: "A delivery whenever its status changes (created, retried, succeeded, failed, cancelled); both filters optional.",
    args: { endpointId: t.arg.id(), eventId: t.arg.id() },
    subscribe: (_root, filters, ctx) => liveFeed(ctx, filters, (org, options) => deliveryFeed(ctx.services, org, filters, options)),
    // The notice is the delivery as it was at that change, so each change arrives as it was
    // and no subscriber reads the row; relations asked for are loaded by Pothos.
    resolve: (_query, notice) => deliveryFromNotice(notice),
  }),
);
