import { createEventType } from "../../domain/event-types.ts";
import { requireOrg } from "../auth.ts";
import { builder } from "../builder.ts";
import { withDomainErrors } from "../errors.ts";

builder.prismaObject("EventType", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    schema: t.expose("schema", { type: "JSON", nullable: true, description: "JSON Schema that every event's `data` must satisfy." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.queryField("eventTypes", (t) =>
  t.prismaField({
    type: ["EventType"],
    description: "The organization's registered event types, by name.",
    resolve: (query, _root, _args, ctx) =>
      ctx.services.db.prisma.eventType.findMany({ ...query, where: { organizationId: requireOrg(ctx) }, orderBy: { name: "asc" } }),
  }),
);

const CreateEventTypeInput = builder.inputType("CreateEventTypeInput", {
  fields: (t) => ({
    name: t.string({ required: true, description: "Dot-separated, e.g. order.created." }),
    description: t.string(),
    schema: t.field({ type: "JSON", description: "Optional JSON Schema for `data`; events that do not match are refused." }),
  }),
});

builder.mutationField("createEventType", (t) =>
  t.prismaField({
    type: "EventType",
    args: { input: t.arg({ type: CreateEventTypeInput, required: true }) },
    resolve: (_query, _root, { input }, ctx) => {
      const organizationId = requireOrg(ctx);
      return withDomainErrors(() => createEventType(ctx.services, organizationId, input));
    },
  }),
);
