import { z } from "zod";
import { Prisma } from "../generated/prisma/client.ts";
import { newId } from "../rules/ids.ts";
import type { Services } from "../app/services.ts";
import { ConflictError, InputError } from "./errors.ts";
import { validateEventTypeName } from "../rules/event-patterns.ts";
import { checkJsonSchema } from "../rules/event-schemas.ts";
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

export async function createEventType(services: Services, organizationId: string, input: CreateEventTypeInput) {
  const { name, description } = parseInput(fields, { name: input.name, description: input.description }, ["input"]);
  const problem = input.schema == null ? undefined : checkJsonSchema(input.schema);
  if (problem) throw new InputError([{ path: ["input", "schema"], message: problem }]);
  try {
    return await services.db.prisma.eventType.create({
      data: {
        id: newId("et"),
        organizationId,
        name,
        description: description ?? null,
        schema: input.schema == null ? Prisma.DbNull : (input.schema as Prisma.InputJsonValue),
      },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ConflictError(`event type ${name} already exists`);
    }
    throw err;
  }
}
