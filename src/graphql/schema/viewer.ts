import { builder } from "../builder.ts";

const Viewer = builder.objectRef<{ organizationId: string }>("Viewer").implement({
  fields: (t) => ({
    organization: t.prismaField({
      type: "Organization",
      resolve: (query, viewer, _args, ctx) => ctx.services.db.prisma.organization.findUniqueOrThrow({ ...query, where: { id: viewer.organizationId } }),
    }),
  }),
});

builder.queryField("viewer", (t) =>
  t.withAuth({ org: true }).field({
    type: Viewer,
    description: "The organization of the calling API key.",
    resolve: (_root, _args, ctx) => ({ organizationId: ctx.principal.organizationId }),
  }),
);
