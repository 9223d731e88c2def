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

/** Feeds an organization's topic into a bounded queue, one notice at a time, filtered; the queue's end unsubscribes. */
function liveFeed<T extends { endpointId: string; eventId: string }>(
  listen: (onNotices: (notices: T[]) => void) => () => void,
  filter: FeedFilter,
  opts: FeedOptions,
  sink: (queue: BoundedQueue<T>, notice: T) => void = (q, n) => void q.push(n),
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
    for (const notice of notices) if (matches(filter, notice)) sink(queue, notice);
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

  let replayed: Set<string> | undefined = new Set();
  const held: AttemptNotice[] = [];
  const queue = liveFeed(source, filter, opts, (q, n) => {
    if (replayed) held.push(n);
    else q.push(n);
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
      queue.limit += rows.length;
      for (const r of rows) {
        replayed!.add(r.id);
        queue.push({ ...r, trigger: r.trigger, error: r.error, createdAt: r.createdAt.toISOString() });
      }
      const seen = replayed!;
      replayed = undefined;
      for (const n of held.splice(0)) if (!seen.has(n.id)) queue.push(n);
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
