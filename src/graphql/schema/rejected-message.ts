import { requireOrg } from "../auth.ts";
import { builder } from "../builder.ts";

builder.prismaObject("RejectedMessage", {
  description: "A NATS message ingest refused, kept with the reason instead of being dropped.",
  fields: (t) => ({
    id: t.exposeID("id"),
    subject: t.exposeString("subject"),
    reason: t.exposeString("reason"),
    size: t.exposeInt("size", { description: "Size of the whole message in bytes." }),
    receivedAt: t.expose("receivedAt", { type: "DateTime" }),
    excerpt: t.string({
      description: "The first 4 KiB of the message, decoded as UTF-8.",
      resolve: (m) => Buffer.from(m.excerpt).toString("utf8"),
    }),
  }),
});

builder.queryField("rejectedMessages", (t) =>
  t.prismaConnection(
    {
      type: "RejectedMessage",
      cursor: "id",
      description: "Messages published for this organization that ingest rejected, newest first.",
      resolve: (query, _root, _args, ctx) =>
        ctx.services.db.prisma.rejectedMessage.findMany({ ...query, where: { organizationId: requireOrg(ctx) }, orderBy: { id: "desc" } }),
    },
    { name: "RejectedMessageConnection" },
    { name: "RejectedMessageEdge" },
  ),
);
