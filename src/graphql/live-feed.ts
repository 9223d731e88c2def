import { filter, pipe } from "graphql-yoga";
import { requireOrg } from "./auth.ts";
import type { Context } from "./context.ts";
import { notFound } from "./errors.ts";

export interface LiveFilters {
  endpointId?: string | null;
  eventId?: string | null;
}

/**
 * A subscription's source: the caller's organization topic (tenancy is in the topic name, so
 * nothing of another tenant is ever seen), narrowed to the optional filters. An endpoint
 * filter must name one of the caller's endpoints: a feed that could never emit (a typo,
 * another tenant's id) answers NOT_FOUND instead.
 */
export async function liveFeed<N extends { endpointId: string; eventId: string }>(
  ctx: Context,
  { endpointId, eventId }: LiveFilters,
  subscribe: (organizationId: string) => AsyncIterable<N>,
): Promise<AsyncIterable<N>> {
  const organizationId = requireOrg(ctx);
  if (endpointId != null) {
    const endpoint = await ctx.services.db.prisma.endpoint.findFirst({
      where: { id: endpointId, organizationId, deletedAt: null },
      select: { id: true },
    });
    if (!endpoint) throw notFound("endpoint", endpointId);
  }
  return pipe(
    subscribe(organizationId),
    filter((n: N) => (endpointId == null || n.endpointId === endpointId) && (eventId == null || n.eventId === eventId)),
  );
}
