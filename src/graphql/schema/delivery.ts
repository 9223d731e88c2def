import { redeliver, replayEvents, sendTestEvent, skipDelivery } from "../../domain/deliveries.ts";
import { DeliveryStatus } from "../../generated/prisma/enums.ts";
import type { Delivery, DeliveryAttempt } from "../../db/client.ts";
import { getDatamodel } from "../../generated/pothos-types.ts";
import { deliveryFeed } from "../../domain/live-feeds.ts";
import type { DeliveryNotice } from "../../realtime/topics.ts";
import type { GraphQLResolveInfo } from "graphql";
import { ID_ORDER, keysetConnection, pageComplexity, pageQuery } from "../connection.ts";
import { childPage, childPageLoader } from "../child-pages.ts";
import type { Context } from "../context.ts";
import type { PageArgs } from "../keyset.ts";
import { DeliveryAttemptRef } from "./delivery-attempt.ts";
import { builder } from "../builder.ts";
import { orNotFound } from "../errors.ts";
import { subscribeToFeed } from "../subscribe-to-feed.ts";

export const DeliveryStatusEnum = builder.enumType(DeliveryStatus, {
  name: "DeliveryStatus",
  description:
    "HELD: kept while its endpoint is disabled, sent when it is enabled (or CANCELLED with deliverHeld false). CANCELLED: the endpoint was deleted before the delivery finished, or it was held and then dropped.",
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
    orderingKey: t.exposeString("orderingKey", {
      nullable: true,
      description: "Its key in the endpoint's ordering (see Endpoint.ordering); null when unordered (and in deliveryUpdated notices).",
    }),
    blocksLine: t.boolean({
      description: "FAILED under ordering.onFailure BLOCK, it holds its key's later events until redelivered or skipped (`skipDelivery`).",
      resolve: (d) => d.orderingState === "BLOCKING",
    }),
    endpoint: t.relation("endpoint"),
    event: t.relation("event"),
    attempts: t.connection(
      {
        type: DeliveryAttemptRef,
        description: "Newest first.",
        complexity: pageComplexity,
        resolve: (delivery, args, ctx, info) =>
          keysetConnection(ctx, info, args, ID_ORDER, (page) => attemptPages(ctx, delivery.id, childPage(delivery.organizationId, page))),
      },
      { name: "DeliveryAttemptConnection" },
      { name: "DeliveryAttemptEdge" },
    ),
  }),
});

/** One connection type for every list of deliveries (log, per endpoint, per event). */
export const DeliveryConnection = builder.connectionObject({ type: DeliveryRef, name: "DeliveryConnection" });

/** The model's columns (its relations left out), as a hand-written statement selects them. */
function scalarFields(model: "Delivery" | "DeliveryAttempt"): string[] {
  return getDatamodel()
    .datamodel.models[model]!.fields.filter((f) => f.kind !== "object")
    .map((f) => f.name);
}

const statusArg = builder.args((t) => ({ status: t.field({ type: DeliveryStatusEnum }) }));

/** One page of the deliveries in `scope` (an organization, endpoint or event), optionally of one status. */
function deliveryPage(ctx: Context, info: GraphQLResolveInfo, args: PageArgs & { status?: DeliveryStatus | null }, scope: Record<string, unknown>) {
  const filter = { ...scope, ...(args.status != null && { status: args.status }) };
  return keysetConnection(ctx, info, args, ID_ORDER, (page) => ctx.services.db.prisma.delivery.findMany(pageQuery(filter, page)));
}

const deliveryFields = scalarFields("Delivery");
const attemptPages = childPageLoader<DeliveryAttempt>({ table: "delivery_attempts", parentColumn: "delivery_id", fields: scalarFields("DeliveryAttempt") });
const deliveryPages = {
  endpoint: childPageLoader<Delivery>({ table: "deliveries", parentColumn: "endpoint_id", fields: deliveryFields }),
  event: childPageLoader<Delivery>({ table: "deliveries", parentColumn: "event_id", fields: deliveryFields }),
};

/** The `deliveries` list under an Endpoint or an Event: newest first, optionally of one status. */
export function deliveriesOf<Parent extends { id: string; organizationId: string }>(parent: keyof typeof deliveryPages) {
  return {
    type: DeliveryRef,
    description: "Newest first.",
    args: statusArg,
    complexity: pageComplexity,
    resolve: (row: Parent, args: PageArgs & { status?: DeliveryStatus | null }, ctx: Context, info: GraphQLResolveInfo) =>
      keysetConnection(ctx, info, args, ID_ORDER, (page) => deliveryPages[parent](ctx, row.id, childPage(row.organizationId, page, args.status ?? null))),
  };
}

builder.queryFields((t) => ({
  delivery: t.withAuth({ org: true }).prismaField({
    type: "Delivery",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.services.db.prisma.delivery.findFirst({ ...query, where: { id, organizationId: ctx.principal.organizationId } }).then(orNotFound("delivery", id)),
  }),
  // `authScopes` rather than `t.withAuth`: the connection type is shared with Endpoint and
  // Event, whose context is not narrowed, so this resolver's context cannot be either.
  deliveries: t.connection(
    {
      type: DeliveryRef,
      description: "The delivery log, newest first.",
      authScopes: { org: true },
      args: {
        endpointId: t.arg.id(),
        eventId: t.arg.id(),
        status: t.arg({ type: DeliveryStatusEnum }),
      },
      complexity: pageComplexity,
      resolve: (_root, args, ctx, info) =>
        deliveryPage(ctx, info, args, {
          organizationId: ctx.principal!.organizationId,
          ...(args.endpointId != null && { endpointId: args.endpointId }),
          ...(args.eventId != null && { eventId: args.eventId }),
        }),
    },
    DeliveryConnection,
  ),
}));

const ReplayPayload = builder.objectRef<{ count: number; expired: number }>("ReplayEventsPayload").implement({
  fields: (t) => ({
    count: t.exposeInt("count", { description: "Deliveries re-queued." }),
    expired: t.exposeInt("expired", { description: "Deliveries skipped because their event's payload has expired (payloadRetentionDays)." }),
  }),
});

builder.mutationFields((t) => ({
  sendTestEvent: t.withAuth({ org: true }).prismaField({
    type: "Delivery",
    description: "Delivers an example event of `eventType` to this endpoint alone (trigger TEST), whatever its event types and payload filter.",
    args: { endpointId: t.arg.id({ required: true }), eventType: t.arg.string({ required: true }) },
    resolve: (_query, _root, { endpointId, eventType }, ctx) =>
      sendTestEvent(ctx.services, ctx.principal.organizationId, endpointId, eventType).then(orNotFound("endpoint", endpointId)),
  }),
  redeliver: t.withAuth({ org: true }).prismaField({
    type: "Delivery",
    description: "Sends the delivery again as a new MANUAL attempt: same body, same webhook-id. PAYLOAD_EXPIRED once retention has deleted the body.",
    args: { deliveryId: t.arg.id({ required: true }) },
    resolve: (_query, _root, { deliveryId }, ctx) => redeliver(ctx.services, ctx.principal.organizationId, deliveryId).then(orNotFound("delivery", deliveryId)),
  }),
  skipDelivery: t.withAuth({ org: true }).prismaField({
    type: "Delivery",
    description:
      "Lets the events behind a delivery that FAILED under ordering.onFailure BLOCK go on without it (it stays FAILED). BAD_USER_INPUT for any other delivery.",
    args: { deliveryId: t.arg.id({ required: true }) },
    resolve: (_query, _root, { deliveryId }, ctx) =>
      skipDelivery(ctx.services, ctx.principal.organizationId, deliveryId).then(orNotFound("delivery", deliveryId)),
  }),
  replayEvents: t.withAuth({ org: true }).field({
    type: ReplayPayload,
    description:
      "Re-queues the endpoint's deliveries created in [since, until) (until defaults to now): the FAILED ones, or with onlyFailed: false every finished one. A PENDING delivery is never re-queued, so calling again while a replay runs queues nothing twice.",
    args: {
      endpointId: t.arg.id({ required: true }),
      since: t.arg({ type: "DateTime", required: true }),
      until: t.arg({ type: "DateTime" }),
      onlyFailed: t.arg.boolean({ defaultValue: true }),
    },
    resolve: (_root, { endpointId, since, until, onlyFailed }, ctx) =>
      replayEvents(ctx.services, ctx.principal.organizationId, { endpointId, since, until, onlyFailed }).then(orNotFound("endpoint", endpointId)),
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
    orderingKey: null,
    orderingSeq: null,
    orderingState: null,
  };
}

builder.subscriptionField("deliveryUpdated", (t) =>
  t.withAuth({ org: true }).prismaField({
    type: "Delivery",
    description: "A delivery whenever its status changes (created, retried, succeeded, failed, cancelled); both filters optional.",
    args: { endpointId: t.arg.id(), eventId: t.arg.id() },
    subscribe: (_root, filters, ctx) => subscribeToFeed(ctx, filters, (org, options) => deliveryFeed(ctx.services, org, filters, options)),
    // The notice is the delivery as it was at that change, so each change arrives as it was
    // and no subscriber reads the row; relations asked for are loaded by Pothos.
    resolve: (_query, notice) => deliveryFromNotice(notice),
  }),
);
