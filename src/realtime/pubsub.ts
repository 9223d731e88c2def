import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Redis } from "ioredis";
import { Announcer } from "./announcer.ts";
import type { HeraldTopics } from "./topics.ts";

export interface RealtimeBus {
  /** How notices are published: batched per turn of the event loop. */
  announce: Announcer;
  /** True when notices cross processes (Redis); false when they stay in this process. */
  shared: boolean;
  /**
   * Calls `listener` with each message of `topic`, synchronously; returns the unsubscribe.
   * Feeds listen directly rather than through a pub/sub async iterator per subscriber, which
   * keeps a promise alive per message until the subscriber pulls: with a thousand
   * subscribers, that garbage was most of what reached the old generation.
   */
  listen<K extends keyof HeraldTopics>(topic: K, listener: (notices: HeraldTopics[K][0]) => void): () => void;
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
    const target = new EventTarget();
    const announce = new Announcer(target);
    return { announce, shared: false, listen: listenOn(target), close: async () => announce.flush() };
  }
  // A connection in subscriber mode cannot issue commands, so subscribing needs its own.
  const subscribeClient = redis.duplicate();
  subscribeClient.on("error", () => {});
  // Dispatching publishes to Redis; listeners hear every process's messages through it. Its
  // typed event target differs from the standard one only in its type parameters.
  const target = createRedisEventTarget({
    publishClient: withoutRejections(redis),
    subscribeClient: withoutRejections(subscribeClient),
  }) as unknown as EventTarget;
  const announce = new Announcer(target);
  return {
    announce,
    shared: true,
    listen: listenOn(target),
    async close() {
      announce.flush();
      subscribeClient.disconnect();
    },
  };
}

function listenOn(target: EventTarget): RealtimeBus["listen"] {
  return (topic, listener) => {
    const callback = (e: Event) => listener((e as CustomEvent).detail);
    target.addEventListener(topic, callback);
    return () => target.removeEventListener(topic, callback);
  };
}
