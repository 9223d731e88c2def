import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import type PrismaTypes from "../generated/pothos-types.ts";
import { getDatamodel } from "../generated/pothos-types.ts";
import { authScopes, type OrgContext, unauthorizedError } from "./auth.ts";
import type { Context } from "./context.ts";
import { domainErrorsPlugin } from "./domain-errors-plugin.ts";

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: Context;
  AuthScopes: { org: boolean; apiKey: boolean; admin: boolean };
  AuthContexts: { org: OrgContext; apiKey: OrgContext };
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // Scope auth first, so no other plugin's wrapper runs for a caller without the scope.
  plugins: [ScopeAuthPlugin, domainErrorsPlugin, ComplexityPlugin, PrismaPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes,
    unauthorizedError,
    // A subscription is authorized once, when it starts, not again for every notice.
    authorizeOnSubscribe: true,
  },
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
