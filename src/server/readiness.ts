import { EVENTS_STREAM } from "../nats/streams.ts";
import type { Services } from "../app/services.ts";

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, "ok" | string>;
}

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asks each configured server for an answer (JetStream: the EVENTS stream's leader); Redis only counts when it is configured. */
export async function checkReadiness(services: Services, timeoutMs = 1_500): Promise<ReadinessReport> {
  const probes: Record<string, () => Promise<unknown>> = {
    postgres: () => services.db.pool.query("SELECT 1"),
    nats: async () => {
      if (services.nats.nc.isClosed()) throw new Error("connection closed");
      await services.nats.nc.flush();
    },
    // Connected is not enough: while a cluster elects the stream's leader (or has lost its
    // quorum) nothing can be published, so the load balancer should send no publishes here.
    jetstream: () => services.nats.jsm.streams.info(EVENTS_STREAM),
  };
  if (services.redis) {
    const redis = services.redis;
    probes.redis = () => redis.ping();
  }
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      try {
        await within(timeoutMs, probe());
        return [name, "ok"] as const;
      } catch (err) {
        return [name, (err as Error).message || "unreachable"] as const;
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { ready: entries.every(([, v]) => v === "ok"), checks };
}
