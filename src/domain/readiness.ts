import type { Redis } from "ioredis";
import type { Database } from "../db/client.ts";
import type { Nats } from "../nats/connection.ts";
import { EVENTS_STREAM } from "../nats/streams.ts";

// Whether this process can reach the servers it needs: what /readyz answers a load balancer
// and what the admin's systemStatus shows.

export interface ReadinessDeps {
  db: Pick<Database, "pool">;
  nats: Pick<Nats, "nc" | "jsm">;
  redis?: Pick<Redis, "ping">;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, "ok" | string>;
}

/** `p`, or a rejection once `ms` have passed without its answer. */
export async function within<T>(ms: number, p: Promise<T>): Promise<T> {
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

function probes(deps: ReadinessDeps): Record<string, () => Promise<unknown>> {
  const { db, nats, redis } = deps;
  return {
    postgres: () => db.pool.query("SELECT 1"),
    nats: async () => {
      if (nats.nc.isClosed()) throw new Error("connection closed");
      await nats.nc.flush();
    },
    // Connected is not enough: while a cluster elects the stream's leader (or has lost its
    // quorum) nothing can be published, so the load balancer should send no publishes here.
    jetstream: () => nats.jsm.streams.info(EVENTS_STREAM),
    ...(redis ? { redis: () => redis.ping() } : {}),
  };
}

/** Asks each configured server for an answer (JetStream: the EVENTS stream's leader); Redis only counts when it is configured. */
export async function checkReadiness(deps: ReadinessDeps, timeoutMs = 1_500): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(probes(deps)).map(async ([name, probe]) => {
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
