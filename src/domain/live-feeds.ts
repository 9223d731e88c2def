import { BoundedQueue } from "../realtime/bounded-queue.ts";
import type { RealtimeBus } from "../realtime/pubsub.ts";
import { type AttemptNotice, attemptTopic, type DeliveryNotice, deliveryTopic } from "../realtime/topics.ts";
import { type AttemptReader, attemptsAfter } from "../store/deliveries.ts";

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

/** What a feed listens on. */
export interface Listens {
  realtime: Pick<RealtimeBus, "listen">;
}

const matches = (f: FeedFilter, n: { endpointId: string; eventId: string }) =>
  (!f.endpointId || n.endpointId === f.endpointId) && (!f.eventId || n.eventId === f.eventId);

/** Feeds an organization's topic into a bounded queue, a message's notices as one batch, filtered; the queue's end unsubscribes. */
function topicFeed<T extends { endpointId: string; eventId: string }>(
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

/** An organization's delivery attempts as they are recorded, optionally for one endpoint or event. */
export function attemptFeed(deps: Listens, organizationId: string, filter: FeedFilter, opts: FeedOptions = {}): AsyncIterableIterator<AttemptNotice> {
  return topicFeed((onNotices: (n: AttemptNotice[]) => void) => deps.realtime.listen(attemptTopic(organizationId), onNotices), filter, opts);
}

/** A resume from further back than `limit` attempts: refused, since replaying it all would hold the process. */
export class ReplayTooLargeError extends Error {
  constructor(
    readonly after: string,
    readonly limit: number,
  ) {
    super(
      `more than ${limit} attempts were recorded after ${after}, more than a live feed replays. ` +
        "Catch up by paging `deliveries` (and `Delivery.attempts`), then subscribe with `after` set to the newest attempt id you have, " +
        "or without `after` for live attempts only",
    );
    this.name = "ReplayTooLargeError";
  }
}

/**
 * `attemptFeed` resumed: the attempts recorded after the attempt id `after` come first, from
 * Postgres, then live ones. The live subscription starts before the read, and what the read
 * returned is not repeated, so a reconnecting dashboard sees no gap and no duplicate. More
 * than `maxReplay` attempts to replay rejects with ReplayTooLargeError; the read takes at
 * most one row more than that.
 */
export async function resumedAttemptFeed(
  deps: Listens & { db: { prisma: AttemptReader } },
  organizationId: string,
  filter: FeedFilter & { after: string },
  opts: FeedOptions & { maxReplay: number },
): Promise<AsyncIterableIterator<AttemptNotice>> {
  let replaying = true;
  const held: AttemptNotice[] = [];
  const source = (onNotices: (n: AttemptNotice[]) => void) => deps.realtime.listen(attemptTopic(organizationId), onNotices);
  const queue = topicFeed(source, filter, opts, (q, batch) => {
    if (replaying) held.push(...batch);
    else q.push(batch);
  });
  try {
    const rows = await attemptsAfter(deps.db.prisma, organizationId, filter, opts.maxReplay + 1);
    if (rows.length > opts.maxReplay) throw new ReplayTooLargeError(filter.after, opts.maxReplay);
    // The replay and what arrived meanwhile go as one batch, so a long replay alone does not cut the subscriber off.
    const seen = new Set(rows.map((r) => r.id));
    replaying = false;
    queue.push([...rows, ...held.splice(0).filter((n) => !seen.has(n.id))]);
    return queue;
  } catch (err) {
    await queue.return();
    throw err;
  }
}

/** An organization's deliveries whenever a row is written: born PENDING or already settled, then at each status change. */
export function deliveryFeed(deps: Listens, organizationId: string, filter: FeedFilter, opts: FeedOptions = {}): AsyncIterableIterator<DeliveryNotice> {
  return topicFeed((onNotices: (n: DeliveryNotice[]) => void) => deps.realtime.listen(deliveryTopic(organizationId), onNotices), filter, opts);
}
