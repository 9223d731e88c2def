import { requireOrg } from "./auth.ts";
import type { Context } from "./context.ts";
import { notFound } from "./errors.ts";
import type { FeedFilter, FeedOptions } from "../realtime/feeds.ts";

/**
 * A subscription's source, opened on the caller's organization topic (tenancy is in the
 * topic name, so nothing of another tenant is ever seen). An endpoint filter must name one
 * of the caller's endpoints: a feed that could never emit (a typo, another tenant's id)
 * answers NOT_FOUND instead.
 */
export async function liveFeed<N>(
  ctx: Context,
  filters: FeedFilter,
  open: (organizationId: string, options: FeedOptions) => AsyncIterable<N>,
): Promise<AsyncIterable<N>> {
  const organizationId = requireOrg(ctx);
  if (filters.endpointId != null) {
    const endpoint = await ctx.services.db.prisma.endpoint.findFirst({
      where: { id: filters.endpointId, organizationId, deletedAt: null },
      select: { id: true },
    });
    if (!endpoint) throw notFound("endpoint", filters.endpointId);
  }
  const metrics = ctx.services.realtimeMetrics;
  metrics.activeSubscriptions.inc();
  return open(organizationId, {
    maxQueued: ctx.services.config.SUBSCRIBER_MAX_QUEUED,
    onSlowConsumer: () => metrics.slowSubscribers.inc(),
    onClose: () => metrics.activeSubscriptions.dec(),
  });
}
