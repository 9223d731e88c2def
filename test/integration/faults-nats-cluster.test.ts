import { rmSync } from "node:fs";
import { StorageType } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NatsClusterNode } from "../../src/infra/local-servers.ts";
import { createLogger } from "../../src/log.ts";
import { connectNats, type Nats } from "../../src/nats/connection.ts";
import { loadConfig } from "../../src/config/env.ts";
import { untilJetStreamAnswers } from "../../src/nats/startup.ts";
import { ALERTS_STREAM, DELIVERIES_STREAM, EVENTS_STREAM, provisionStreams, streamConfigs } from "../../src/nats/streams.ts";
import { streamSettings } from "../../src/app/services.ts";
import { startClusterServers, type ClusterServers } from "../harness/env.ts";
import { orgWithEndpoints, publishMany, type PublishRun } from "../harness/load.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { printTally, tallyReceipts } from "../harness/tally.ts";
import { eventually } from "../harness/wait.ts";

// A 3-node JetStream cluster with Herald's streams at 3 replicas (NATS_STREAM_REPLICAS=3), an
// api and two worker processes. A node dies (and, once, loses its disk) under load: nothing
// accepted is lost, and publishing pauses only while the cluster elects a new leader.
const R3 = { NATS_STREAM_REPLICAS: "3" };
let servers: ClusterServers;
let receiver: TestReceiver;
let api: HeraldProcess;
let workers: HeraldProcess[] = [];
let observer: Nats;
let org: Awaited<ReturnType<typeof orgWithEndpoints>>;
const paths = ["/r3-a", "/r3-b"];

beforeAll(async () => {
  servers = await startClusterServers();
  receiver = await new TestReceiver(() => ({ status: 200 })).start();
  observer = await connectNats(servers.natsUrl, createLogger("silent"), "cluster-observer");
  await provisionAsBefore(observer);
  api = await spawnHerald(servers, { ...R3, HERALD_ROLE: "api" });
  workers = await Promise.all([1, 2].map(() => spawnHerald(servers, { ...R3, HERALD_ROLE: "worker" })));
  org = await orgWithEndpoints(
    `http://127.0.0.1:${api.port}`,
    paths.map((p) => receiver.url(p)),
  );
}, 90_000);

afterAll(async () => {
  await Promise.all([api, ...workers].map((p) => p?.kill("SIGKILL")));
  await observer?.close();
  await receiver?.stop();
  await servers?.stop();
});

/**
 * The streams as an earlier Herald left them (one replica each), with the ALERTS stream on
 * memory storage as an operator might have made it: Herald must scale the first up in place
 * and keep the second, saying what to change, rather than fail to start.
 */
async function provisionAsBefore(nats: Nats): Promise<void> {
  const settings = streamSettings(loadConfig({ NODE_ENV: "test" }));
  await untilJetStreamAnswers(
    "provisioning R1 streams",
    async () => {
      await nats.jsm.streams.add({ ...streamConfigs(settings.placement).find((s) => s.name === ALERTS_STREAM)!, storage: StorageType.Memory });
      await provisionStreams(nats.jsm, settings, createLogger("silent"));
    },
    createLogger("silent"),
  );
}

async function streamLeader(stream: string): Promise<NatsClusterNode> {
  const name = await eventually(
    `${stream} has a leader`,
    async () => (await observer.jsm.streams.info(stream).catch(() => undefined))?.cluster?.leader,
    30_000,
  );
  return servers.cluster.nodes.find((n) => n.name === name)!;
}

/** Every stream led, and each of its replicas current again (after a node came back). */
async function clusterHealed(): Promise<void> {
  for (const stream of [EVENTS_STREAM, DELIVERIES_STREAM]) {
    await eventually(
      `${stream} whole again`,
      async () => {
        const info = await observer.jsm.streams.info(stream).catch(() => undefined);
        return info?.cluster?.leader && info.cluster.replicas?.length === 2 && info.cluster.replicas.every((r) => r.current);
      },
      60_000,
    );
  }
}

/** Polls a process's /readyz and /healthz every 200 ms until stopped; returns the statuses seen. */
function watchProbes(p: HeraldProcess) {
  const seen = { readyz: [] as number[], healthz: [] as number[] };
  const status = async (path: string) => (await fetch(`http://127.0.0.1:${p.port}${path}`).catch(() => undefined))?.status ?? 0;
  const timer = setInterval(() => {
    void status("/readyz").then((s) => seen.readyz.push(s));
    void status("/healthz").then((s) => seen.healthz.push(s));
  }, 200);
  return {
    stop() {
      clearInterval(timer);
      return seen;
    },
  };
}

function load(prefix: string, count: number): PublishRun {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  return publishMany(`http://127.0.0.1:${api.port}/graphql`, org.client.token!, ids, { concurrency: 8, pauseAfterFailureMs: 200 });
}

/** Waits for the run and its deliveries; prints the tally line and returns it with the publish outage. */
async function settle(run: PublishRun, fault: string, since: number) {
  await run.done;
  await eventually("every accepted event at every endpoint", () => tallyReceipts(receiver, paths, run.accepted).lost === 0, 60_000).catch(() => undefined);
  const tally = tallyReceipts(receiver, paths, run.accepted);
  const failures = run.failedAt.filter((t) => t >= since);
  const outageMs = failures.length > 0 ? Math.max(...failures) - Math.min(...failures) : 0;
  printTally(`${fault}; publish outage ${outageMs} ms (${run.failed} calls failed: ${JSON.stringify(run.failureCodes)})`, tally);
  return { tally, outageMs };
}

describe("JetStream cluster, streams at 3 replicas", () => {
  it("scales streams made with one replica up to 3 in place, and keeps a storage it cannot change", async () => {
    for (const stream of [EVENTS_STREAM, DELIVERIES_STREAM, ALERTS_STREAM]) {
      const info = await observer.jsm.streams.info(stream);
      expect(info.config.num_replicas, stream).toBe(3);
      expect(info.cluster?.replicas, stream).toHaveLength(2);
    }
    expect((await observer.jsm.streams.info(ALERTS_STREAM)).config.storage).toBe(StorageType.Memory);
    expect(api.output()).toMatch(/stream ALERTS uses memory storage .*set NATS_STREAM_STORAGE=memory/);
  });

  it("loses nothing when the stream leader is killed mid-run; publishing pauses under 10 s", async () => {
    const run = load("lead", 1_200);
    await eventually("load under way", () => run.accepted.length >= 300, 30_000);
    const leader = await streamLeader(EVENTS_STREAM);
    const killedAt = Date.now();
    await leader.kill("SIGKILL");
    const probes = watchProbes(api);
    const { tally, outageMs } = await settle(run, `EVENTS leader ${leader.name} SIGKILL mid-run`, killedAt);
    const { readyz, healthz } = probes.stop();
    await leader.start();
    await clusterHealed();
    expect(tally.lost).toBe(0);
    expect(outageMs).toBeLessThan(10_000);
    // Every publish JetStream could not store was answered with the typed, retryable error.
    expect(Object.keys(run.failureCodes)).toEqual(run.failed > 0 ? ["SERVICE_UNAVAILABLE"] : []);
    // ...and logged by the api process with the request's id, which the error carries too.
    if (run.failed > 0) expect(api.output()).toMatch(/"requestId":"req_\w+"[^\n]*JetStream did not store the event/);
    // /readyz said so while no leader could store a publish, and was ready again after; /healthz stayed up.
    expect(readyz).toContain(503);
    expect(readyz.at(-1)).toBe(200);
    expect(new Set(healthz)).toEqual(new Set([200]));
    expect([api, ...workers].every((p) => p.child.exitCode === null)).toBe(true);
  }, 150_000);

  it("loses nothing when a node dies and its store is wiped", async () => {
    const run = load("wipe", 800);
    await eventually("load under way", () => run.accepted.length >= 200, 30_000);
    const node = await streamLeader(EVENTS_STREAM);
    await node.kill("SIGKILL");
    rmSync(node.storeDir, { recursive: true, force: true });
    await node.start();
    const { tally } = await settle(run, `node ${node.name} SIGKILL and its store wiped, restarted empty`, 0);
    await clusterHealed();
    expect(tally.lost).toBe(0);
  }, 150_000);

  it("starts a new worker during a leader election: it waits for JetStream and joins", async () => {
    const leader = await streamLeader(EVENTS_STREAM);
    await leader.kill("SIGKILL");
    const late = await spawnHerald(servers, { ...R3, HERALD_ROLE: "worker" });
    workers.push(late);
    await leader.start();
    await clusterHealed();
    const run = load("late", 200);
    const { tally } = await settle(run, `worker started while ${leader.name} (EVENTS leader) was down`, 0);
    expect(tally.lost).toBe(0);
    expect(late.child.exitCode).toBeNull();
  }, 150_000);
});
