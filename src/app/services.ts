import { Redis } from "ioredis";
import type { Config } from "../config/env.ts";
import { connectDatabase, type Database } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { connectNats, type Nats } from "../nats/connection.ts";
import { untilJetStreamAnswers } from "../nats/startup.ts";
import { provisionStreams, type StreamSettings } from "../nats/streams.ts";
import { realtimeMetrics, type RealtimeMetrics } from "../realtime/metrics.ts";
import { createRealtimeBus, type RealtimeBus } from "../realtime/pubsub.ts";
import { createMetricsRegistry } from "../server/metrics.ts";
import type { Registry } from "prom-client";

export type ServerConfig = Config & { DATABASE_URL: string; NATS_URL: string };

/** The connections every role shares; built once per process and handed to domain functions. */
export interface Services {
  config: ServerConfig;
  log: Logger;
  db: Database;
  nats: Nats;
  redis?: Redis;
  realtime: RealtimeBus;
  metrics: Registry;
  realtimeMetrics: RealtimeMetrics;
  close(): Promise<void>;
}

export function streamSettings(config: Config): StreamSettings {
  return {
    deliveryTimeoutMs: config.DELIVERY_TIMEOUT_MS,
    maxPendingRetries: 1_000_000,
    placement: { replicas: config.NATS_STREAM_REPLICAS, storage: config.NATS_STREAM_STORAGE, tags: config.NATS_STREAM_TAGS },
  };
}

export async function createServices(config: ServerConfig, log: Logger): Promise<Services> {
  const db = connectDatabase(config.DATABASE_URL, { max: config.HERALD_ROLE === "api" ? 10 : 20 });
  const nats = await connectNats(config.NATS_URL, log, `herald-${config.HERALD_ROLE}-${process.pid}`);
  await untilJetStreamAnswers("provisioning streams", () => provisionStreams(nats.jsm, streamSettings(config), log), log);
  let redis: Redis | undefined;
  if (config.REDIS_URL) {
    redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: true, enableAutoPipelining: true });
    // ioredis reconnects by itself; without a listener an outage would crash the process.
    redis.on("error", (err) => log.debug({ err: err.message }, "redis error"));
  }
  const realtime = createRealtimeBus(redis);
  if (!realtime.shared) {
    log.info("REDIS_URL is not set: live feeds carry only attempts made in this process");
  }
  const metrics = createMetricsRegistry();
  return {
    config,
    log,
    db,
    nats,
    redis,
    realtime,
    metrics,
    realtimeMetrics: realtimeMetrics(metrics),
    async close() {
      await nats.close();
      await realtime.close();
      redis?.disconnect();
      await db.close();
    },
  };
}
