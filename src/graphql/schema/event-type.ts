import { validateEventTypeName } from "../../rules/event-patterns.ts";
import { createEventType } from "../../domain/event-types.ts";
import { builder } from "../builder.ts";
import { badUserInput } from "../errors.ts";

builder.prismaObject("EventType", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    schema: t.expose("schema", { type: "JSON", nullable: true, complexity: 5, description: "JSON Schema that every event's `data` must satisfy." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const DEFAULT_EVENT_TYPES = 100;
const MAX_EVENT_TYPES = 500;

/** The page's size and lower bound; a bad `first` or an `after` that cannot be a name is BAD_USER_INPUT. */
function eventTypesPage(first: number | null | undefined, after: string | null | undefined): { take: number; after: string | null } {
  const take = first ?? DEFAULT_EVENT_TYPES;
  const issues = [];
  if (take < 0 || take > MAX_EVENT_TYPES) issues.push({ path: ["first"], message: `must be between 0 and ${MAX_EVENT_TYPES}` });
  const problem = after == null ? null : validateEventTypeName(after);
  if (problem) issues.push({ path: ["after"], message: problem });
  if (issues.length > 0) throw badUserInput(issues);
  return { take, after: after ?? null };
}

builder.queryField("eventTypes", (t) =>
  t.withAuth({ org: true }).prismaField({
    type: ["EventType"],
    description: `The organization's registered event types, by name: \`first\` of them (default ${DEFAULT_EVENT_TYPES}, at most ${MAX_EVENT_TYPES}) after the name \`after\`.`,
    args: { first: t.arg.int(), after: t.arg.string({ description: "Continue after this event type name (the last one of the previous call)." }) },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? DEFAULT_EVENT_TYPES, MAX_EVENT_TYPES) }),
    resolve: (query, _root, args, ctx) => {
      const page = eventTypesPage(args.first, args.after);
      return ctx.services.db.prisma.eventType.findMany({
        ...query,
        where: { organizationId: ctx.principal.organizationId, ...(page.after != null && { name: { gt: page.after } }) },
        orderBy: { name: "asc" },
        take: page.take,
      });
    },
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
  t.withAuth({ org: true }).prismaField({
    type: "EventType",
    args: { input: t.arg({ type: CreateEventTypeInput, required: true }) },
    resolve: (_query, _root, { input }, ctx) => createEventType(ctx.services, ctx.principal.organizationId, input),
  }),
);
