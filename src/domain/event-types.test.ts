import { describe, expect, it } from "vitest";
import { Prisma, type PrismaClient } from "../db/client.ts";
import { ConflictError, InputError } from "./errors.ts";
import { createEventType } from "./event-types.ts";

function depsWhoseCreate(create: (args: { data: Record<string, unknown> }) => Promise<unknown>) {
  return { db: { prisma: { eventType: { create } } as unknown as PrismaClient } };
}

describe("createEventType", () => {
  it("stores a valid type", async () => {
    const deps = depsWhoseCreate(async ({ data }) => data);
    await expect(createEventType(deps, "org_1", { name: "order.created", description: "An order" })).resolves.toMatchObject({
      id: expect.stringMatching(/^et_/),
      organizationId: "org_1",
      name: "order.created",
      description: "An order",
      schema: Prisma.DbNull,
    });
  });

  it("turns a duplicate name into a ConflictError", async () => {
    const duplicate = new Prisma.PrismaClientKnownRequestError("Unique constraint failed", { code: "P2002", clientVersion: "test" });
    const deps = depsWhoseCreate(() => Promise.reject(duplicate));
    await expect(createEventType(deps, "org_1", { name: "order.created" })).rejects.toEqual(new ConflictError("event type order.created already exists"));
  });

  it.each([
    ["a pattern as a name", { name: "order.*" }, "input.name"],
    ["a description over 1000 characters", { name: "a.b", description: "d".repeat(1001) }, "input.description"],
    ["a schema that is not one", { name: "a.b", schema: { type: "no-such-type" } }, "input.schema"],
  ])("refuses %s before storing", async (_case, input, path) => {
    const deps = depsWhoseCreate(() => Promise.reject(new Error("must not be called")));
    const err = await createEventType(deps, "org_1", input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues.map((i) => i.path.join("."))).toEqual([path]);
  });
});
