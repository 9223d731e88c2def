import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Registry, collectDefaultMetrics } from "prom-client";
import type { Config } from "../config/env.ts";
import { bearerToken } from "../domain/api-keys.ts";

/** One registry per process: default Node metrics, GraphQL operations and delivery counters. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "herald_" });
  return registry;
}

/**
 * Where /metrics is served and whether it asks for METRICS_TOKEN. It shows every process's
 * internals and every tenant's activity, so production serves it only on an internal port
 * (METRICS_PORT) or to a bearer of METRICS_TOKEN; with neither it is not served at all.
 * Development and tests keep it open on the public port.
 */
export type MetricsExposure = { on: "internal"; port: number; token: string | undefined } | { on: "public"; token: string | undefined } | { on: "nowhere" };

export function metricsExposure(config: Pick<Config, "NODE_ENV" | "METRICS_PORT" | "METRICS_TOKEN">): MetricsExposure {
  if (config.METRICS_PORT !== undefined) return { on: "internal", port: config.METRICS_PORT, token: config.METRICS_TOKEN };
  if (config.METRICS_TOKEN !== undefined || config.NODE_ENV !== "production") return { on: "public", token: config.METRICS_TOKEN };
  return { on: "nowhere" };
}

/** Whether an Authorization header carries the token; no token configured lets everyone in. */
export function metricsAuthorized(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const presented = bearerToken(authorization);
  if (presented === undefined) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/** Answers a /metrics request: the Prometheus text, or 401 without the token. */
export async function serveMetrics(registry: Registry, token: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!metricsAuthorized(req.headers.authorization, token)) {
    res
      .writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="metrics"' })
      .end("metrics require Authorization: Bearer <METRICS_TOKEN>\n");
    return;
  }
  res.writeHead(200, { "content-type": registry.contentType }).end(await registry.metrics());
}
