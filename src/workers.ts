import type { Registry } from "prom-client";
import { EndpointCache } from "./delivery/endpoint-cache.ts";
import { createDeliveryClient } from "./delivery/http-client.ts";
import { deliveryMetrics } from "./delivery/metrics.ts";
import { localRateLimiter, redisRateLimiter } from "./delivery/rate-limit.ts";
import { startDeliveryWorker } from "./delivery/worker.ts";
import { startIngest } from "./ingest/consumer.ts";
import { ingestMetrics } from "./ingest/metrics.ts";
import { RoutingCache } from "./ingest/routing.ts";
import { onEndpointChange } from "./nats/endpoint-changes.ts";
import type { Services } from "./services.ts";

export interface Workers {
  stop(): Promise<void>;
}

/** The worker role: the ingest consumer and the delivery consumer, sharing caches. */
export async function startWorkers(services: Services, registry: Registry): Promise<Workers> {
  const { config, db, nats } = services;
  const endpoints = new EndpointCache(db.pool, config.SECRETS_KEY);
  const routing = new RoutingCache(db.pool);
  const unsubscribe = onEndpointChange(nats.nc, (endpointId) => {
    endpoints.invalidate(endpointId);
    routing.clear();
  });
  const client = createDeliveryClient({
    timeoutMs: config.DELIVERY_TIMEOUT_MS,
    allowInsecure: config.ALLOW_INSECURE_ENDPOINTS,
    maxConnectionsPerOrigin: config.ENDPOINT_MAX_IN_FLIGHT,
  });
  const ingest = startIngest(services, routing, ingestMetrics(registry));
  const delivery = startDeliveryWorker(services, {
    endpoints,
    client,
    rateLimiter: services.redis ? redisRateLimiter(services.redis) : localRateLimiter(),
    metrics: deliveryMetrics(registry),
  });
  return {
    async stop() {
      unsubscribe();
      await ingest.stop();
      await delivery.stop();
      await client.close();
    },
  };
}
