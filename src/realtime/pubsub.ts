import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub, type PubSub } from "graphql-yoga";
import type { Redis } from "ioredis";
import { Announcer } from "./announcer.ts";
import type { HeraldTopics } from "./topics.ts";

export type HeraldPubSub = PubSub<HeraldTopics>;

export interface RealtimeBus {
  pubsub: HeraldPubSub;
  /** How notices are published: batched per turn of the event loop. */
  announce: Announcer;
  /** True when notices cross processes (Redis); false when they stay in this process. */
  shared: boolean;
  close(): Promise<void>;
}

// The Redis event target calls these without awaiting them. While Redis is away they
// reject, and an unhandled rejection ends the process (a worker, mid-delivery). A live
// notice lost then is acceptable: deliveries do not depend on it and feeds resume with `after`.
const FIRE_AND_FORGET = new Set<PropertyKey>(["publish", "subscribe", "unsubscribe"]);

function withoutRejections(redis: Redis): Redis {
  return new Proxy(redis, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (!FIRE_AND_FORGET.has(prop)) return value.bind(target);
      const call = (...args: unknown[]): Promise<unknown> =>
        (value.apply(target, args) as Promise<unknown>).catch(() => {
          // ioredis re-subscribes on reconnect only to channels it had: a subscription
          // first made during the outage is made again once Redis is back.
          if (prop === "subscribe") target.once("ready", () => void call(...args));
        });
      return call;
    },
  });
}

/** Redis pub/sub when a client is given (any process reaches any subscriber), in-process otherwise. */
export function createRealtimeBus(redis: Redis | undefined): RealtimeBus {
  if (!redis) {
    const pubsub = createPubSub<HeraldTopics>();
    const announce = new Announcer(pubsub);
    return { pubsub, announce, shared: false, close: async () => announce.flush() };
  }
  // A connection in subscriber mode cannot issue commands, so subscribing needs its own.
  const subscribeClient = redis.duplicate();
  subscribeClient.on("error", () => {});
  const eventTarget = createRedisEventTarget({ publishClient: withoutRejections(redis), subscribeClient: withoutRejections(subscribeClient) });
  const pubsub = createPubSub<HeraldTopics>({ eventTarget });
  const announce = new Announcer(pubsub);
  return {
    pubsub,
    announce,
    shared: true,
    async close() {
      announce.flush();
      subscribeClient.disconnect();
    },
  };
}
