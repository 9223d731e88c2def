import { z } from "zod";
import { validateEventTypeName } from "../rules/event-patterns.ts";
import { checkJsonSchema } from "../rules/event-schemas.ts";
import { newId } from "../rules/ids.ts";
import { insertEventType } from "../store/event-types.ts";
import type { DbDeps } from "./deps.ts";
import { ConflictError, InputError } from "./errors.ts";
import { parseInput } from "./parse-input.ts";

export interface CreateEventTypeInput {
  name: string;
  description?: string | null;
  schema?: unknown;
}

const fields = z.object({
  name: z.string().superRefine((name, ctx) => {
    const problem = validateEventTypeName(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  description: z.string().max(1000, "must be at most 1000 characters").nullish(),
});

export async function createEventType(deps: DbDeps, organizationId: string, input: CreateEventTypeInput) {
  const { name, description } = parseInput(fields, { name: input.name, description: input.description }, ["input"]);
  const problem = input.schema == null ? undefined : checkJsonSchema(input.schema);
  if (problem) throw new InputError([{ path: ["input", "schema"], message: problem }]);
  const eventType = await insertEventType(deps.db.prisma, organizationId, { id: newId("et"), name, description: description ?? null, schema: input.schema });
  if (!eventType) throw new ConflictError(`event type ${name} already exists`);
  return eventType;
}
