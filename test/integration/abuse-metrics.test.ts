import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { PRODUCTION_ENV, startTestServers, testConfig, type TestServers } from "../harness/env.ts";
import { median, probeHealth, rssMb } from "../harness/health-probe.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";

// Issue 15, row 3: /metrics needed no credentials and labelled series by the client's URL
// and operation name, so 5,000 anonymous requests grew it from 22 KB to 158 MB (and one
// scrape took the process from 222 MB to 911 MB), showing every tenant's operation names.
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const production = { ...PRODUCTION_ENV, HERALD_ROLE: "api" };

let servers: TestServers;
let herald: HeraldProcess;
let base: string;

beforeAll(async () => {
  servers = await startTestServers();
  herald = await spawnHerald(servers, { ...production, METRICS_TOKEN });
  base = `http://127.0.0.1:${herald.port}`;
});

afterAll(async () => {
  await herald?.kill();
  await servers?.stop();
});

const scrape = (url: string, token?: string) => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });

/**
 * Anonymous `query Op<i> { __typename }` to `/graphql?pad=<i>`, `concurrency` at a time: few
 * enough that /healthz measures the metrics, not how many requests the process serves at once.
 */
async function distinctRequests(count: number, concurrency = 4): Promise<number> {
  let next = 0;
  let ok = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const res = await fetch(`${base}/graphql?pad=${i}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `query Op${i} { __typename }`, operationName: `Op${i}` }),
      });
      if ((await res.json()).data?.__typename === "Query") ok++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return ok;
}

describe("/metrics in production", () => {
  it("is refused without METRICS_TOKEN and served with it", async () => {
    expect((await scrape(`${base}/metrics`)).status).toBe(401);
    expect((await scrape(`${base}/metrics`, "not-the-metrics-token-000")).status).toBe(401);
    const ok = await scrape(`${base}/metrics`, METRICS_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^herald_process_cpu_seconds_total/m);
  });

  it("stays small after 5,000 requests with distinct URLs and operation names, and the process stays responsive", async () => {
    await distinctRequests(1);
    const before = await (await scrape(`${base}/metrics`, METRICS_TOKEN)).text();
    const probes = probeHealth(base);
    const ok = await distinctRequests(5_000);
    const latencies = await probes.stop();
    // The scrape is what took 689 MB: it renders every series at once.
    const rssBefore = rssMb(herald.child.pid!);
    const after = await (await scrape(`${base}/metrics`, METRICS_TOKEN)).text();
    const rssAfter = rssMb(herald.child.pid!);
    console.log(
      `[abuse] metrics: ${before.length} -> ${after.length} bytes after ${ok} requests; ` +
        `/healthz median ${median(latencies).toFixed(1)} ms over ${latencies.length} probes; RSS around the scrape ${rssBefore.toFixed(0)} -> ${rssAfter.toFixed(0)} MB`,
    );
    expect(ok).toBe(5_000);
    // Counters and sums change digits, not lines; the only new series may be the GC kinds
    // prom-client adds once each kind has run (9 lines each). Before, each request added ~30 KB.
    const series = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#")).length;
    expect(series(after) - series(before)).toBeLessThanOrEqual(40);
    expect(after.length - before.length).toBeLessThan(8_000);
    expect(after).not.toMatch(/pad=|Op4999|Op17\b/);
    expect(after).toMatch(/graphql_envelop_request\{operationType="query",rootField="other"\} 5001/);
    expect(median(latencies)).toBeLessThan(100);
    expect(rssAfter - rssBefore).toBeLessThan(50);
  });

  it("labels operations by the schema's root field, never the client's names", async () => {
    const res = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query TenantSecretName { alias123: viewer { organization { id } } }" }),
    });
    expect(res.status).toBeLessThan(500);
    const text = await (await scrape(`${base}/metrics`, METRICS_TOKEN)).text();
    expect(text).toMatch(/graphql_envelop_request\{operationType="query",rootField="viewer"\} 1/);
    expect(text).not.toMatch(/TenantSecretName|alias123/);
  });
});

describe("/metrics placement", () => {
  let other: RunningHerald | undefined;
  afterAll(async () => {
    await other?.stop();
  });

  it("moves to METRICS_PORT when set: not on the public port", async () => {
    other = await startHerald(testConfig(servers, { ...production, METRICS_PORT: "0" }), createLogger("silent"));
    expect(other.metricsPort).toBeGreaterThan(0);
    expect(other.metricsPort).not.toBe(other.port);
    expect((await scrape(`http://127.0.0.1:${other.port}/metrics`)).status).toBe(404);
    const internal = await scrape(`http://127.0.0.1:${other.metricsPort}/metrics`);
    expect(internal.status).toBe(200);
    expect(await internal.text()).toMatch(/^herald_process_cpu_seconds_total/m);
    expect((await scrape(`http://127.0.0.1:${other.metricsPort}/graphql`)).status).toBe(404);
    await other.stop();
    other = undefined;
  });

  it("is not served in production with neither METRICS_PORT nor METRICS_TOKEN, and says so at start", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    });
    other = await startHerald(testConfig(servers, production), createLogger("info", sink));
    expect((await scrape(`http://127.0.0.1:${other.port}/metrics`)).status).toBe(404);
    expect((await scrape(`http://127.0.0.1:${other.port}/metrics`, METRICS_TOKEN)).status).toBe(404);
    expect(lines.join("")).toMatch(/metrics is not served: set METRICS_PORT .* or METRICS_TOKEN/);
  });
});
