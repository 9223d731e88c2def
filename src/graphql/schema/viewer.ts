import type { PortalGrant } from "../../domain/api-keys.ts";
import { builder } from "../builder.ts";

const PortalSessionInfo = builder.objectRef<PortalGrant>("PortalSessionInfo").implement({
  description: "The portal session a console link opened.",
  fields: (t) => ({
    readOnly: t.exposeBoolean("readOnly", { description: "True: every mutation is refused (FORBIDDEN)." }),
    expiresAt: t.expose("expiresAt", {
      type: "DateTime",
      description: "From then on the token is refused (UNAUTHENTICATED) and live connections opened with it are closed (4403).",
    }),
  }),
});

const Viewer = builder.objectRef<{ organizationId: string; portal: PortalGrant | null }>("Viewer").implement({
  fields: (t) => ({
    portal: t.field({
      type: PortalSessionInfo,
      nullable: true,
      description: "Set when the caller is a portal session (a console link); null for an API key.",
      resolve: (viewer) => viewer.portal,
    }),
    organization: t.prismaField({
      type: "Organization",
      resolve: (query, viewer, _args, ctx) => ctx.services.db.prisma.organization.findUniqueOrThrow({ ...query, where: { id: viewer.organizationId } }),
    }),
  }),
});

builder.queryField("viewer", (t) =>
  t.withAuth({ org: true }).field({
    type: Viewer,
    description: "The organization of the calling API key or portal session.",
    resolve: (_root, _args, ctx) => ({ organizationId: ctx.principal.organizationId, portal: ctx.principal.portal ?? null }),
  }),
);
