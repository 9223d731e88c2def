import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub, type PubSub } from "graphql-yoga";
import type { Redis } from "ioredis";
import type { HeraldTopics } from "./topics.ts";

export type HeraldPubSub = PubSub<HeraldTopics>;

export interface RealtimeBus {
  pubsub: HeraldPubSub;
  /** True when notices cross processes (Redis); false when they stay in this process. */
  shared: boolean;
  close(): Promise<void>;
}

/** Redis pub/sub when a client is given (any process reaches any subscriber), in-process otherwise. */
export function createRealtimeBus(redis: Redis | undefined): RealtimeBus {
  if (!redis) return { pubsub: createPubSub<HeraldTopics>(), shared: false, close: async () => {} };
  // A connection in subscriber mode cannot issue commands, so subscribing needs its own.
  const subscribeClient = redis.duplicate();
  subscribeClient.on("error", () => {});
  const eventTarget = createRedisEventTarget({ publishClient: redis, subscribeClient });
  return {
    pubsub: createPubSub<HeraldTopics>({ eventTarget }),
    shared: true,
    async close() {
      subscribeClient.disconnect();
    },
  };
}
