import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServers, type TestServers } from "../harness/env.ts";
import { orgWithEndpoints, publishMany } from "../harness/load.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { printTally, tallyReceipts } from "../harness/tally.ts";
import { eventually } from "../harness/wait.ts";

// SPEC §6 Guarantee: an event publishEvent returned is durable. The api process is killed
// with SIGKILL while calls are in flight; every call that had returned must be delivered.
let servers: TestServers;
let receiver: TestReceiver;
const processes: HeraldProcess[] = [];

beforeAll(async () => {
  servers = await startTestServers();
  receiver = await new TestReceiver(() => ({ status: 200 })).start();
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill("SIGKILL")));
  await receiver?.stop();
  await servers?.stop();
});

describe("api process killed mid-publish", () => {
  it("delivers every event whose publishEvent call returned", async () => {
    processes.push(await spawnHerald(servers, { HERALD_ROLE: "worker" }));
    const first = await spawnHerald(servers, { HERALD_ROLE: "api" });
    processes.push(first);
    const paths = ["/api-kill-a", "/api-kill-b"];
    const org = await orgWithEndpoints(
      `http://127.0.0.1:${first.port}`,
      paths.map((p) => receiver.url(p)),
    );
    const token = org.client.token!;

    const before = publishMany(
      `http://127.0.0.1:${first.port}/graphql`,
      token,
      Array.from({ length: 1_500 }, (_, i) => `ak${i}`),
      { concurrency: 32 },
    );
    await eventually("300 publishes accepted", () => before.accepted.length >= 300, 30_000);
    await first.kill("SIGKILL");
    const acceptedAtKill = before.accepted.length;
    await before.done;

    const second = await spawnHerald(servers, { HERALD_ROLE: "api" });
    processes.push(second);
    const after = publishMany(
      `http://127.0.0.1:${second.port}/graphql`,
      token,
      Array.from({ length: 300 }, (_, i) => `ar${i}`),
      { concurrency: 32 },
    );
    await after.done;
    expect(after.failed).toBe(0);

    const accepted = [...before.accepted, ...after.accepted];
    await eventually("every accepted event at every endpoint", () => tallyReceipts(receiver, paths, accepted).lost === 0, 60_000).catch(() => undefined);
    const tally = tallyReceipts(receiver, paths, accepted);
    printTally(`api SIGKILL after ${acceptedAtKill} accepted publishEvent calls (${before.failed} calls cut off or refused), then restart`, tally);
    expect(acceptedAtKill).toBeGreaterThanOrEqual(300);
    expect(tally.lost).toBe(0);
  });
});
