import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { createApiKey } from "../../src/domain/api-keys.ts";
import { openEnv } from "../lib/env.ts";
import { publishPaced } from "../lib/produce.ts";
import { percentile, round, sleep } from "../lib/stats.ts";
import type { BenchContext, ScenarioResult } from "../lib/types.ts";
import { healthyEndpoints } from "./throughput.ts";

const ATTEMPTS_PER_SECOND = 20;

/**
 * Fan-out (SPEC §8): N graphql-ws subscribers on one api process, attempts made by a worker
 * process and carried over Redis; for every (attempt, subscriber) pair, the time from the
 * attempt's recording (its createdAt, ms resolution, same clock) to its arrival here.
 */
export async function fanout(ctx: BenchContext): Promise<ScenarioResult> {
  const { opts } = ctx;
  const label = "fan";
  const n = opts.subscribers;
  const env = await openEnv(ctx, { label, workers: 1, api: true });
  const clients: Client[] = [];
  try {
    const endpoints = await env.createEndpoints(healthyEndpoints(label, 1));
    const { token } = await createApiKey(env.services.db.prisma, env.organizationId, "bench");
    const latencies: number[] = [];
    const perAttempt = new Map<string, number>();
    let errors = 0;
    for (let i = 0; i < n; i++) {
      const client = createClient({
        url: `ws://127.0.0.1:${env.api!.port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        lazy: false,
        retryAttempts: 0,
        onNonLazyError: () => void errors++,
      });
      clients.push(client);
      client.subscribe<{ deliveryAttempts: { id: string; createdAt: string } }>(
        { query: "subscription { deliveryAttempts { id createdAt } }" },
        {
          next: (r) => {
            const a = r.data?.deliveryAttempts;
            if (!a) return;
            latencies.push(Date.now() - Date.parse(a.createdAt));
            perAttempt.set(a.id, (perAttempt.get(a.id) ?? 0) + 1);
          },
          error: () => void errors++,
          complete: () => {},
        },
      );
    }
    const subscribedBy = Date.now() + 60_000;
    while ((await env.api!.metric("herald_subscriptions_active")) < n) {
      if (Date.now() > subscribedBy) throw new Error(`only ${await env.api!.metric("herald_subscriptions_active")} of ${n} subscriptions open after 60 s`);
      await sleep(100);
    }
    const seconds = opts.quick ? 1 : 5;
    const sent = await publishPaced(
      env.services.nats.js,
      { organizationId: env.organizationId, prefix: label, type: () => "bench.t0", bodyBytes: opts.bodyBytes },
      ATTEMPTS_PER_SECOND,
      seconds,
    );
    await env.waitForAttempts(sent.published, { endpointIds: endpoints.map((e) => e.id), label: "fan-out" });
    const expected = sent.published * n;
    const deadline = Date.now() + 30_000;
    while (latencies.length < expected && Date.now() < deadline) await sleep(50);
    const reachedAll = [...perAttempt.values()].filter((c) => c === n).length;
    const sorted = Float64Array.from(latencies).sort();
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const detail = `${n} subscribers × ${sent.published} attempts at ${ATTEMPTS_PER_SECOND}/s: ${latencies.length} of ${expected} notices arrived, ${reachedAll} attempts reached every subscriber, ${errors} errors`;
    return {
      id: "fanout",
      title: `fan-out to ${n} graphql-ws subscribers (api process + worker process, Redis between)`,
      metrics: [
        { label: "recorded → received p50", value: round(p50, 1), unit: "ms", detail },
        { label: "p99", value: round(p99, 1), unit: "ms", target: "≤ 50", pass: p99 <= 50 },
        { label: "attempts that reached every subscriber", value: reachedAll, unit: `of ${sent.published}`, target: "all", pass: reachedAll === sent.published },
      ],
      data: { subscribers: n, attempts: sent.published, notices: latencies.length, expected, errors },
    };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await env.stop();
  }
}
