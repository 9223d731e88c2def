import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import type PrismaTypes from "../generated/pothos-types.ts";
import { getDatamodel } from "../generated/pothos-types.ts";
import type { Context } from "./context.ts";

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ComplexityPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  complexity: {
    // Lists multiply by what they return: a connection by its page size (connection.ts), the
    // `edges` under it by 1. No limit here: the request's cost is checked whole, batch
    // included, at validation (use-query-cost.ts).
    defaultComplexity: 1,
    defaultListMultiplier: 1,
  },
  prisma: {
    client: (ctx) => ctx.services.db.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    // Herald's ids are already globally unique prefixed ULIDs: expose them as they are.
    clientMutationId: "omit",
    cursorType: "String",
    idFieldOptions: {},
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
