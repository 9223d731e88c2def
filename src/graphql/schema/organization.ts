import { createOrganization } from "../../domain/organizations.ts";
import { requireAdmin, requireOrg } from "../auth.ts";
import { builder } from "../builder.ts";
import { withDomainErrors } from "../errors.ts";
import { ApiKeyRef } from "./api-key.ts";

export const OrganizationRef = builder.prismaObject("Organization", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const Viewer = builder.objectRef<{ organizationId: string }>("Viewer").implement({
  fields: (t) => ({
    organization: t.prismaField({
      type: "Organization",
      resolve: (query, viewer, _args, ctx) => ctx.services.db.prisma.organization.findUniqueOrThrow({ ...query, where: { id: viewer.organizationId } }),
    }),
  }),
});

builder.queryField("viewer", (t) =>
  t.field({
    type: Viewer,
    description: "The organization of the calling API key.",
    resolve: (_root, _args, ctx) => ({ organizationId: requireOrg(ctx) }),
  }),
);

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
  t.field({
    type: CreateOrganizationPayload,
    description: "Creates a tenant and its first API key. Requires ADMIN_TOKEN.",
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      requireAdmin(ctx);
      return withDomainErrors(() => createOrganization(ctx.services, input));
    },
  }),
);
