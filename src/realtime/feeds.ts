import { BoundedQueue } from "./bounded-queue.ts";
import { attemptTopic, deliveryTopic, type AttemptNotice, type DeliveryNotice } from "./topics.ts";
import type { Services } from "../services.ts";

export interface FeedFilter {
  endpointId?: string | null;
  eventId?: string | null;
}

export interface FeedOptions {
  /** Notices a subscriber may have waiting before it is cut off as too slow. */
  maxQueued?: number;
  onSlowConsumer?: () => void;
  onClose?: () => void;
}

const MAX_REPLAY = 5_000;

const matches = (f: FeedFilter, n: { endpointId: string; eventId: string }) =>
  (!f.endpointId || n.endpointId === f.endpointId) && (!f.eventId || n.eventId === f.eventId);

/** Feeds an organization's topic into a bounded queue, a message's notices as one batch, filtered; the queue's end unsubscribes. */
function liveFeed<T extends { endpointId: string; eventId: string }>(
  listen: (onNotices: (notices: T[]) => void) => () => void,
  filter: FeedFilter,
  opts: FeedOptions,
  sink: (queue: BoundedQueue<T>, batch: T[]) => void = (q, b) => void q.push(b),
): BoundedQueue<T> {
  let unsubscribe: (() => void) | undefined;
  const queue = new BoundedQueue<T>(opts.maxQueued ?? 1_000, {
    onClose: () => {
      unsubscribe?.();
      opts.onClose?.();
    },
    onSlowConsumer: opts.onSlowConsumer,
  });
  unsubscribe = listen((notices) => {
    const batch = filter.endpointId || filter.eventId ? notices.filter((n) => matches(filter, n)) : notices;
    if (batch.length > 0) sink(queue, batch);
  });
  return queue;
}

/**
 * An organization's delivery attempts as they are recorded, optionally for one endpoint or
 * event. With `after` (an attempt id), the attempts recorded since then come first, from
 * Postgres, then live ones: the live subscription starts before the read, and what the read
 * returned is not repeated, so a reconnecting dashboard sees no gap and no duplicate.
 */
export function attemptFeed(
  services: Services,
  organizationId: string,
  filter: FeedFilter & { after?: string | null },
  opts: FeedOptions = {},
): AsyncIterableIterator<AttemptNotice> {
  const source = (onNotices: (n: AttemptNotice[]) => void) => services.realtime.listen(attemptTopic(organizationId), onNotices);
  if (!filter.after) return liveFeed(source, filter, opts);

  let replaying = true;
  const held: AttemptNotice[] = [];
  const queue = liveFeed(source, filter, opts, (q, batch) => {
    if (replaying) for (const n of batch) held.push(n);
    else q.push(batch);
  });
  void (async () => {
    try {
      const rows = await services.db.prisma.deliveryAttempt.findMany({
        where: {
          organizationId,
          id: { gt: filter.after! },
          ...(filter.endpointId ? { endpointId: filter.endpointId } : {}),
          ...(filter.eventId ? { eventId: filter.eventId } : {}),
        },
        orderBy: { id: "asc" },
        take: MAX_REPLAY,
      });
      // The replay and what arrived meanwhile go as one batch, so a long replay alone does not cut the subscriber off.
      const seen = new Set(rows.map((r) => r.id));
      replaying = false;
      queue.push([
        ...rows.map((r): AttemptNotice => ({ ...r, trigger: r.trigger, error: r.error, createdAt: r.createdAt.toISOString() })),
        ...held.splice(0).filter((n) => !seen.has(n.id)),
      ]);
    } catch (err) {
      queue.fail(err);
    }
  })();
  return queue;
}

/** An organization's deliveries whenever a row is written: born PENDING or already settled, then at each status change. */
export function deliveryFeed(services: Services, organizationId: string, filter: FeedFilter, opts: FeedOptions = {}): AsyncIterableIterator<DeliveryNotice> {
  return liveFeed((onNotices: (n: DeliveryNotice[]) => void) => services.realtime.listen(deliveryTopic(organizationId), onNotices), filter, opts);
}
