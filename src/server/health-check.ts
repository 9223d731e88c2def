import type { ServerResponse } from "node:http";

/**
 * Liveness: the process answers HTTP. Every role serves it, and it asks nothing of Postgres,
 * NATS or Redis, so an outage of those never gets the process restarted (/readyz reports them).
 */
export const HEALTH_CHECK_PATH = "/healthz";

export function answerHealthCheck(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
}
