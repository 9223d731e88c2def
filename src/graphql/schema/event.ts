import type { Event } from "../../db/client.ts";
import { validateEventTypeName } from "../../rules/event-patterns.ts";
import { publishEvent } from "../../domain/events.ts";
import { ServiceUnavailableError } from "../../domain/errors.ts";
import { MAX_EVENT_BYTES } from "../../nats/streams.ts";
import { builder } from "../builder.ts";
import { badUserInput, orNotFound } from "../errors.ts";
import { keysetConnection, pageComplexity, pageQuery } from "../connection.ts";
import type { SortKey } from "../keyset.ts";
import { deliveriesOf, DeliveryConnection } from "./delivery.ts";

// createdAt is not unique: the id breaks ties so pages never skip or repeat an event.
const EVENT_ORDER: readonly SortKey[] = [
  { field: "createdAt", kind: "date" },
  { field: "id", kind: "id" },
];

/** An event's data can be 256 KiB: it weighs in the query cost as fifty plain fields. */
const PAYLOAD_COMPLEXITY = 50;

export const EventRef = builder.prismaObject("Event", {
  description: "An event as Herald accepted it; `payload` is what receivers get, unless their endpoint maps the envelope to other field names.",
  // Event ids are unique per organization only, so the model's key is compound.
  findUnique: (event) => ({ organizationId_id: { organizationId: event.organizationId, id: event.id } }),
  fields: (t) => ({
    id: t.exposeID("id"),
    type: t.exposeString("type"),
    timestamp: t.expose("timestamp", { type: "DateTime" }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When Herald stored the event." }),
    data: t.field({
      type: "JSON",
      nullable: true,
      description: "The envelope's data; null once the payload has expired.",
      complexity: PAYLOAD_COMPLEXITY,
      resolve: (event) => (event.payloadExpiredAt ? null : (JSON.parse(Buffer.from(event.payload).toString("utf8")) as { data: unknown }).data),
    }),
    payload: t.string({
      nullable: true,
      description: "The envelope as published, byte for byte (UTF-8): what endpoints without an envelope mapping receive. Null once the payload has expired.",
      complexity: PAYLOAD_COMPLEXITY,
      resolve: (event) => (event.payloadExpiredAt ? null : Buffer.from(event.payload).toString("utf8")),
    }),
    payloadExpired: t.boolean({
      description:
        "Whether retention (the organization's payloadRetentionDays) has deleted the payload: `payload` and `data` are then null and the event cannot be sent again.",
      resolve: (event) => event.payloadExpiredAt !== null,
    }),
    deliveries: t.connection(deliveriesOf<Event>("event"), DeliveryConnection),
  }),
});

builder.queryFields((t) => ({
  event: t.withAuth({ org: true }).prismaField({
    type: "Event",
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.services.db.prisma.event
        .findUnique({ ...query, where: { organizationId_id: { organizationId: ctx.principal.organizationId, id } } })
        .then(orNotFound("event", id)),
  }),
  events: t.withAuth({ org: true }).connection(
    {
      type: EventRef,
      description: "Stored events, newest first; `since`/`until` bound when Herald stored them.",
      args: {
        type: t.arg.string(),
        since: t.arg({ type: "DateTime" }),
        until: t.arg({ type: "DateTime" }),
      },
      complexity: pageComplexity,
      resolve: (_root, args, ctx, info) => {
        const typeProblem = args.type == null ? null : validateEventTypeName(args.type);
        if (typeProblem) throw badUserInput([{ path: ["type"], message: typeProblem }]);
        const filter = {
          organizationId: ctx.principal.organizationId,
          ...(args.type != null && { type: args.type }),
          ...((args.since != null || args.until != null) && {
            createdAt: { ...(args.since != null && { gte: args.since }), ...(args.until != null && { lt: args.until }) },
          }),
        };
        return keysetConnection(ctx, info, args, EVENT_ORDER, (page) => ctx.services.db.prisma.event.findMany(pageQuery(filter, page)));
      },
    },
    { name: "EventConnection" },
    { name: "EventEdge" },
  ),
}));

const PublishEventInput = builder.inputType("PublishEventInput", {
  fields: (t) => ({
    type: t.string({ required: true, description: "Dot-separated segments of A-Za-z0-9_-, at most 128 characters." }),
    data: t.field({
      type: "JSON",
      required: true,
      description: `A JSON object. The whole envelope (id, type, timestamp, organizationId, data) must fit in ${MAX_EVENT_BYTES} bytes (256 KiB) as UTF-8 JSON.`,
    }),
    id: t.string({ description: "Idempotency key (1–128 of A-Za-z0-9_-): the same id published twice is one event. Generated when absent." }),
    timestamp: t.field({ type: "DateTime", description: "Defaults to now; in the years 0001 to 9999 (UTC)." }),
  }),
});

builder.mutationField("publishEvent", (t) =>
  t.withAuth({ org: true }).prismaField({
    type: "Event",
    description: "Accepts an event for delivery; once this returns the event is durable. Fan-out happens right after.",
    args: { input: t.arg({ type: PublishEventInput, required: true }) },
    resolve: async (_query, _root, { input }, ctx) => {
      const { organizationId } = ctx.principal;
      try {
        return await publishEvent(ctx.services, organizationId, { ...input, data: input.data }, { awaitStoredMs: 1_000 });
      } catch (err) {
        if (err instanceof ServiceUnavailableError) {
          ctx.services.log.warn({ requestId: ctx.requestId, organizationId, err: err.message }, "publishEvent: JetStream did not store the event");
        }
        throw err;
      }
    },
  }),
);
