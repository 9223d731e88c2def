import type { NatsConnection } from "@nats-io/transport-node";
import type { Registry } from "prom-client";
import { createAttemptLog } from "../delivery/attempt-log.ts";
import { createDeliverer } from "../delivery/deliverer.ts";
import { EndpointCache } from "../delivery/endpoint-cache.ts";
import { createDeliveryClient, type DeliveryClient } from "../delivery/http-client.ts";
import { deliveryMetrics } from "../delivery/metrics.ts";
import { OrderingLines } from "../delivery/ordering-lines.ts";
import { localRateLimiter, redisRateLimiter } from "../delivery/rate-limit.ts";
import { ingestMetrics } from "../ingest/metrics.ts";
import { RoutingCache } from "../ingest/routing.ts";
import { alertPublisher } from "../nats/alerts.ts";
import { announceEndpointChange, onEndpointChange } from "../nats/endpoint-changes.ts";
import { publishJobs } from "../nats/delivery-jobs.ts";
import { onOrganizationChange } from "../nats/organization-changes.ts";
import { ingestAckFloor } from "../nats/streams.ts";
import { DEFAULT_RETRY_SCHEDULE_SECONDS } from "../rules/retry-policy.ts";
import { startDeliveryConsumer } from "../workers/delivery-consumer.ts";
import { startIngest } from "../workers/ingest-consumer.ts";
import { retentionSettings, startRetention } from "../workers/retention.ts";
import type { Services } from "./services.ts";

export interface Workers {
  stop(): Promise<void>;
}

/** Drops cached endpoints and routes when the control plane announces a change; returns the unsubscribe. */
function dropOnChange(nc: NatsConnection, endpoints: EndpointCache, routing: RoutingCache): () => void {
  const stops = [
    onEndpointChange(nc, (endpointId) => {
      endpoints.invalidate(endpointId);
      routing.clear();
    }),
    onOrganizationChange(nc, (organizationId) => endpoints.invalidateOrganization(organizationId)),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

/** The worker's deliverer with its client, endpoint cache and attempt log; no consumer feeds it yet. */
export function createWorkerDeliverer(services: Services, registry: Registry, opts: { client?: DeliveryClient } = {}) {
  const { config, db, nats, log } = services;
  const endpoints = new EndpointCache(db.pool, config.SECRETS_KEY);
  const client =
    opts.client ??
    createDeliveryClient({
      timeoutMs: config.DELIVERY_TIMEOUT_MS,
      allowInsecure: config.ALLOW_INSECURE_ENDPOINTS,
      maxConnectionsPerOrigin: config.ENDPOINT_MAX_IN_FLIGHT,
    });
  const alert = alertPublisher(nats.nc);
  const lines = new OrderingLines({ pool: db.pool, ackFloor: () => ingestAckFloor(nats.jsm), publish: (jobs) => publishJobs(nats.publisher, jobs), log });
  const attempts = createAttemptLog({
    pool: db.pool,
    announce: services.realtime.announce,
    alert,
    endpointChanged: (endpointId) => announceEndpointChange(services, endpointId),
    log,
    writeDeadlineMs: Math.max(5_000, config.DELIVERY_TIMEOUT_MS),
    disableAfterHours: config.ENDPOINT_DISABLE_AFTER_HOURS,
    linesMoved: (moved) => lines.moved(moved),
  });
  const deliverer = createDeliverer({
    endpoints,
    client,
    rateLimiter: services.redis ? redisRateLimiter(services.redis) : localRateLimiter(),
    metrics: deliveryMetrics(registry),
    attempts,
    log,
    settings: {
      concurrency: config.DELIVERY_CONCURRENCY,
      endpointMaxInFlight: config.ENDPOINT_MAX_IN_FLIGHT,
      retryPolicy: { schedule: config.RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE_SECONDS },
    },
  });
  return { deliverer, client, endpoints, alert, lines };
}

/**
 * The worker role: the ingest consumer and the delivery consumer, sharing caches and one
 * deliverer, the ordering lines' promotion rounds and the retention job. `client` replaces the HTTP client (a test resolving
 * hostnames its own way).
 */
export async function startWorkers(services: Services, registry: Registry, opts: { client?: DeliveryClient } = {}): Promise<Workers> {
  const { config, db, nats, log } = services;
  const { deliverer, client, endpoints, alert, lines } = createWorkerDeliverer(services, registry, opts);
  const routing = new RoutingCache(db.pool);
  const unsubscribe = dropOnChange(nats.nc, endpoints, routing);
  const ingest = startIngest({ config, log, db, nats, realtime: services.realtime, alert }, routing, ingestMetrics(registry), deliverer);
  const delivery = startDeliveryConsumer(services, deliverer);
  const retention = startRetention({ db, log }, retentionSettings(config), config.RETENTION_INTERVAL_SECONDS);
  lines.start();
  return {
    async stop() {
      await retention.stop();
      await lines.stop();
      unsubscribe();
      await ingest.stop();
      await delivery.stop();
      await deliverer.drain();
      await client.close();
    },
  };
}
