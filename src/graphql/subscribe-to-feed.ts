import type { OrgContext } from "./auth.ts";
import { notFound, replayTooLarge } from "./errors.ts";
import { ReplayTooLargeError, type FeedFilter, type FeedOptions } from "../domain/live-feeds.ts";

/**
 * A subscription's source, opened on the caller's organization topic (tenancy is in the
 * topic name, so nothing of another tenant is ever seen). An endpoint filter must name one
 * of the caller's endpoints: a feed that could never emit (a typo, another tenant's id)
 * answers NOT_FOUND instead, and a resume from too far back BAD_USER_INPUT.
 */
export async function subscribeToFeed<N>(
  ctx: OrgContext,
  filters: FeedFilter,
  open: (organizationId: string, options: FeedOptions & { maxReplay: number }) => AsyncIterable<N> | Promise<AsyncIterable<N>>,
): Promise<AsyncIterable<N>> {
  const { organizationId } = ctx.principal;
  if (filters.endpointId != null) {
    const endpoint = await ctx.services.db.prisma.endpoint.findFirst({
      where: { id: filters.endpointId, organizationId, deletedAt: null },
      select: { id: true },
    });
    if (!endpoint) throw notFound("endpoint", filters.endpointId);
  }
  const metrics = ctx.services.realtimeMetrics;
  metrics.activeSubscriptions.inc();
  try {
    return await open(organizationId, {
      maxQueued: ctx.services.config.SUBSCRIBER_MAX_QUEUED,
      maxReplay: ctx.services.config.MAX_REPLAY_ATTEMPTS,
      onSlowConsumer: () => metrics.slowSubscribers.inc(),
      onClose: () => metrics.activeSubscriptions.dec(),
    });
  } catch (err) {
    if (err instanceof ReplayTooLargeError) throw replayTooLarge(err);
    throw err;
  }
}
