import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServers, type TestServers } from "../harness/env.ts";
import { orgWithEndpoints, publishMany } from "../harness/load.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { printTally, tallyReceipts } from "../harness/tally.ts";
import { eventually } from "../harness/wait.ts";

// nats-server dies (SIGKILL) for 10 s under load and comes back on the same port and store.
// Nobody restarts Herald: its api and worker processes must reconnect by themselves.
let servers: TestServers;
let receiver: TestReceiver;
let api: HeraldProcess;
let worker: HeraldProcess;

beforeAll(async () => {
  servers = await startTestServers();
  receiver = await new TestReceiver(() => ({ status: 200 })).start();
  [api, worker] = await Promise.all([spawnHerald(servers, { HERALD_ROLE: "api" }), spawnHerald(servers, { HERALD_ROLE: "worker" })]);
});

afterAll(async () => {
  await Promise.all([api?.kill("SIGKILL"), worker?.kill("SIGKILL")]);
  await receiver?.stop();
  await servers?.stop();
});

const readyz = async (p: HeraldProcess) => (await fetch(`http://127.0.0.1:${p.port}/readyz`).catch(() => undefined))?.status;

describe("nats-server outage", () => {
  it("reconnects api and worker, reports not ready meanwhile, and loses no accepted event", async () => {
    const paths = ["/nats-a", "/nats-b"];
    const org = await orgWithEndpoints(
      `http://127.0.0.1:${api.port}`,
      paths.map((p) => receiver.url(p)),
    );
    const run = publishMany(
      `http://127.0.0.1:${api.port}/graphql`,
      org.client.token!,
      Array.from({ length: 1_500 }, (_, i) => `no${i}`),
      {
        concurrency: 16,
        pauseAfterFailureMs: 250,
      },
    );
    await eventually("load under way", () => run.accepted.length >= 300 && receiver.requests.length >= 200, 30_000);

    await servers.nats.kill("SIGKILL");
    const acceptedAtStop = run.accepted.length;
    await eventually("both processes report not ready", async () => (await readyz(api)) === 503 && (await readyz(worker)) === 503, 10_000);
    await new Promise((r) => setTimeout(r, 10_000));
    expect([await readyz(api), await readyz(worker)]).toEqual([503, 503]);
    const acceptedBeforeRestart = run.accepted.length;
    await servers.nats.start();

    await eventually("both processes ready again", async () => (await readyz(api)) === 200 && (await readyz(worker)) === 200, 30_000);
    await run.done;
    expect(api.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
    await eventually("every accepted event at every endpoint", () => tallyReceipts(receiver, paths, run.accepted).lost === 0, 60_000).catch(() => undefined);
    const tally = tallyReceipts(receiver, paths, run.accepted);
    printTally(
      `nats-server SIGKILL for 10 s after ${acceptedAtStop} accepted publishes (${acceptedBeforeRestart - acceptedAtStop} calls in flight at the kill returned success; ${run.failed} failed while it was down or reconnecting; ${run.accepted.length - acceptedBeforeRestart} accepted after the restart)`,
      tally,
    );
    // The api process published again through its own, re-established connection.
    expect(run.accepted.length - acceptedBeforeRestart).toBeGreaterThan(100);
    expect(tally.lost).toBe(0);
    // A publish JetStream could not store was answered SERVICE_UNAVAILABLE (retry with the same id).
    expect(run.failureCodes.SERVICE_UNAVAILABLE ?? 0).toBeGreaterThan(0);
    expect(Object.keys(run.failureCodes).filter((c) => c !== "SERVICE_UNAVAILABLE" && c !== "NO_ANSWER")).toEqual([]);
  }, 90_000);
});
