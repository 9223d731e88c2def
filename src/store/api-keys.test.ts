import { describe, expect, it } from "vitest";
import type { Prisma } from "../db/client.ts";
import { revokedApiKeyIds } from "./api-keys.ts";

describe("revokedApiKeyIds", () => {
  it("asks nothing of the database for no keys", async () => {
    const db = { apiKey: { findMany: () => Promise.reject(new Error("must not be called")) } } as unknown as Prisma.TransactionClient;
    await expect(revokedApiKeyIds(db, [])).resolves.toEqual([]);
  });

  it("answers the ids of the revoked ones", async () => {
    const db = { apiKey: { findMany: async () => [{ id: "key_2" }] } } as unknown as Prisma.TransactionClient;
    await expect(revokedApiKeyIds(db, ["key_1", "key_2"])).resolves.toEqual(["key_2"]);
  });
});
