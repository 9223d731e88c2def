import { createApiKey, revokeApiKey } from "../../domain/organizations.ts";
import { builder } from "../builder.ts";
import { ID_ORDER, keysetConnection, pageComplexity, pageQuery } from "../connection.ts";
import { orNotFound } from "../errors.ts";

export const ApiKeyRef = builder.prismaObject("ApiKey", {
  description: "A credential of the organization. Only a prefix of the token is kept for display.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name", { nullable: true }),
    prefix: t.exposeString("prefix"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryField("apiKeys", (t) =>
  t.withAuth({ apiKey: true }).connection(
    {
      type: ApiKeyRef,
      description: "The organization's API keys, newest first, revoked ones included. Not for a portal session (FORBIDDEN).",
      complexity: pageComplexity,
      resolve: (_root, args, ctx, info) => {
        const filter = { organizationId: ctx.principal.organizationId };
        return keysetConnection(ctx, info, args, ID_ORDER, (page) => ctx.services.db.prisma.apiKey.findMany(pageQuery(filter, page)));
      },
    },
    { name: "ApiKeyConnection" },
    { name: "ApiKeyEdge" },
  ),
);

const CreateApiKeyInput = builder.inputType("CreateApiKeyInput", {
  fields: (t) => ({ name: t.string() }),
});

const CreateApiKeyPayload = builder.objectRef<Awaited<ReturnType<typeof createApiKey>>>("CreateApiKeyPayload").implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
    token: t.exposeString("token", { description: "The key's token. It is shown only here: store it now." }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.withAuth({ apiKey: true }).field({
    type: CreateApiKeyPayload,
    description: "Creates a key of the caller's organization. Only an API key may: a portal session gets FORBIDDEN.",
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => createApiKey(ctx.services, ctx.principal.organizationId, input),
  }),
  revokeApiKey: t.withAuth({ apiKey: true }).prismaField({
    type: "ApiKey",
    description:
      "Revokes a key; requests made with it fail with UNAUTHENTICATED from then on, and its open WebSocket connections are closed (4403). Only an API key may: a portal session gets FORBIDDEN.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, { id }, ctx) => revokeApiKey(ctx.services, ctx.principal.organizationId, id).then(orNotFound("API key", id)),
  }),
}));
