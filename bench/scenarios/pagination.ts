import { createApiKey } from "../../src/domain/organizations.ts";
import { encodeCursor } from "../../src/graphql/keyset.ts";
import { openEnv } from "../lib/env.ts";
import { median, percentile, round } from "../lib/stats.ts";
import type { BenchContext, ScenarioResult } from "../lib/types.ts";

const PAGES = 50;

/**
 * Pagination (issue 15, row 4): an organization with N stored events, and `events(first: 1,
 * after:)` at cursors deep in it, over HTTP to an api process. Before keyset pagination one
 * such page read every older event (5.6 s at 800 events); now it is one LIMITed statement.
 * Measured: the round trip of each page, at cursors spread over the oldest half.
 */
export async function pagination(ctx: BenchContext): Promise<ScenarioResult> {
  const n = ctx.opts.pageEvents;
  const env = await openEnv(ctx, { label: "page", workers: 0, api: true });
  try {
    const base = Date.now() - n * 1_000;
    // One statement: ingest's own path would take minutes for 100,000 events and is not what is measured.
    await env.services.db.pool.query(
      `INSERT INTO events (organization_id, id, type, timestamp, payload, created_at)
       SELECT $1, 'evt_' || lpad(i::text, 9, '0'), 'bench.page', now(),
              convert_to('{"id":' || i || ',"data":{"pad":"' || repeat('x', 200) || '"}}', 'UTF8'),
              to_timestamp(($2::bigint + i * 1000) / 1000.0)
         FROM generate_series(0, $3::int - 1) AS i`,
      [env.organizationId, base, n],
    );
    await env.services.db.pool.query("ANALYZE events");
    const { token } = await createApiKey(env.services, env.organizationId, { name: "bench" });
    const url = `http://127.0.0.1:${env.api!.port}/graphql`;
    const timings: number[] = [];
    for (let p = 0; p < PAGES; p++) {
      const i = Math.floor(((p + 0.5) / PAGES) * (n / 2));
      const after = encodeCursor([new Date(base + i * 1_000), `evt_${String(i).padStart(9, "0")}`]);
      const started = performance.now();
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `{ events(first: 1, after: "${after}") { edges { node { id } } } }` }),
      });
      const body = (await res.json()) as { data?: { events: { edges: { node: { id: string } }[] } } };
      timings.push(performance.now() - started);
      const expected = i === 0 ? undefined : `evt_${String(i - 1).padStart(9, "0")}`;
      if (body.data?.events.edges[0]?.node.id !== expected) throw new Error(`page after event ${i}: ${JSON.stringify(body).slice(0, 300)}`);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    const p50 = median(timings);
    return {
      id: "pagination",
      title: `Pagination: events(first: 1, after:) deep in ${n.toLocaleString("en-US")} events`,
      metrics: [
        {
          label: "page p50",
          value: round(p50, 1),
          unit: "ms",
          target: "< 50",
          pass: p50 < 50,
          detail: `${PAGES} pages over HTTP at cursors in the oldest half`,
        },
        { label: "page p95", value: round(percentile(sorted, 95), 1), unit: "ms" },
      ],
      data: { events: n, pages: PAGES, timings },
    };
  } finally {
    await env.stop();
  }
}
