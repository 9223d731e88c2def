import type { OrgContext } from "./auth.ts";
import { notFound } from "./errors.ts";
import type { FeedFilter, FeedOptions } from "../domain/live-feeds.ts";
import { findActiveEndpoint } from "../store/endpoints.ts";

/**
 * A subscription's source, opened on the caller's organization topic (tenancy is in the
 * topic name, so nothing of another tenant is ever seen). An endpoint filter must name one
 * of the caller's endpoints: a feed that could never emit (a typo, another tenant's id)
 * answers NOT_FOUND instead (a resume from too far back is BAD_USER_INPUT, by codedError).
 */
export async function subscribeToFeed<N>(
  ctx: OrgContext,
  filters: FeedFilter,
  open: (organizationId: string, options: FeedOptions & { maxReplay: number }) => AsyncIterable<N> | Promise<AsyncIterable<N>>,
): Promise<AsyncIterable<N>> {
  const { organizationId } = ctx.principal;
  if (filters.endpointId != null) {
    const endpoint = await findActiveEndpoint(ctx.services.db.prisma, organizationId, filters.endpointId);
    if (!endpoint) throw notFound("endpoint", filters.endpointId);
  }
  const metrics = ctx.services.realtimeMetrics;
  metrics.activeSubscriptions.inc();
  return open(organizationId, {
    maxQueued: ctx.services.config.SUBSCRIBER_MAX_QUEUED,
    maxReplay: ctx.services.config.MAX_REPLAY_ATTEMPTS,
    onSlowConsumer: () => metrics.slowSubscribers.inc(),
    onClose: () => metrics.activeSubscriptions.dec(),
  });
}
