import { describe, expect, it } from "vitest";
import { Prisma } from "../db/client.ts";
import { insertEventType } from "./event-types.ts";

function dbWhoseCreate(create: (args: { data: Record<string, unknown> }) => Promise<unknown>) {
  return { eventType: { create } } as unknown as Prisma.TransactionClient;
}

const row = { id: "et_1", name: "order.created", description: null, schema: null };

describe("insertEventType", () => {
  it("stores a missing schema as SQL NULL, a given one as JSON", async () => {
    const seen: unknown[] = [];
    const db = dbWhoseCreate(async ({ data }) => (seen.push(data.schema), data));
    await insertEventType(db, "org_1", row);
    await insertEventType(db, "org_1", { ...row, schema: { type: "object" } });
    expect(seen).toEqual([Prisma.DbNull, { type: "object" }]);
  });

  it("answers null when the organization already has the name", async () => {
    const duplicate = new Prisma.PrismaClientKnownRequestError("Unique constraint failed", { code: "P2002", clientVersion: "test" });
    await expect(
      insertEventType(
        dbWhoseCreate(() => Promise.reject(duplicate)),
        "org_1",
        row,
      ),
    ).resolves.toBeNull();
  });

  it("passes any other failure on", async () => {
    const other = new Prisma.PrismaClientKnownRequestError("Foreign key constraint failed", { code: "P2003", clientVersion: "test" });
    await expect(
      insertEventType(
        dbWhoseCreate(() => Promise.reject(other)),
        "org_1",
        row,
      ),
    ).rejects.toBe(other);
  });
});
