import { builder } from "../builder.ts";
import { ID_ORDER, keysetConnection, pageComplexity, pageQuery } from "../connection.ts";

const RejectedMessageRef = builder.prismaObject("RejectedMessage", {
  description: "A NATS message ingest refused, kept with the reason instead of being dropped.",
  fields: (t) => ({
    id: t.exposeID("id"),
    subject: t.exposeString("subject"),
    reason: t.exposeString("reason"),
    size: t.exposeInt("size", { description: "Size of the whole message in bytes." }),
    receivedAt: t.expose("receivedAt", { type: "DateTime" }),
    excerpt: t.string({
      description: "The first 4 KiB of the message, decoded as UTF-8.",
      complexity: 5,
      resolve: (m) => Buffer.from(m.excerpt).toString("utf8"),
    }),
  }),
});

builder.queryField("rejectedMessages", (t) =>
  t.withAuth({ org: true }).connection(
    {
      type: RejectedMessageRef,
      description: "Messages published for this organization that ingest rejected, newest first.",
      complexity: pageComplexity,
      resolve: (_root, args, ctx, info) => {
        const filter = { organizationId: ctx.principal.organizationId };
        return keysetConnection(ctx, info, args, ID_ORDER, (page) => ctx.services.db.prisma.rejectedMessage.findMany(pageQuery(filter, page)));
      },
    },
    { name: "RejectedMessageConnection" },
    { name: "RejectedMessageEdge" },
  ),
);
