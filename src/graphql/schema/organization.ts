import { createOrganization } from "../../domain/organizations.ts";
import { builder } from "../builder.ts";
import { ApiKeyRef } from "./api-key.ts";

export const OrganizationRef = builder.prismaObject("Organization", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const CreateOrganizationInput = builder.inputType("CreateOrganizationInput", {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

type CreateOrganizationResult = Awaited<ReturnType<typeof createOrganization>>;

const CreateOrganizationPayload = builder.objectRef<CreateOrganizationResult>("CreateOrganizationPayload").implement({
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, resolve: (p) => p.organization }),
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
    token: t.exposeString("token", { description: "The API key's token. It is shown only here: store it now." }),
  }),
});

builder.mutationField("createOrganization", (t) =>
  t.withAuth({ admin: true }).field({
    type: CreateOrganizationPayload,
    description: "Creates a tenant and its first API key. Requires ADMIN_TOKEN.",
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
    resolve: (_root, { input }, ctx) => createOrganization(ctx.services, input),
  }),
);
