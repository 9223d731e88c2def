import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryAttemptsDocument, type DeliveryAttemptsSubscription } from "../generated/graphql.ts";
import { startTestServers, type TestServers } from "../harness/env.ts";
import { LiveClient, type LiveFeed } from "../harness/graphql-client.ts";
import { orgWithEndpoints, publishMany } from "../harness/load.ts";
import { spawnHerald, type HeraldProcess } from "../harness/process.ts";
import { TestReceiver } from "../harness/receiver.ts";
import { printTally, tallyReceipts } from "../harness/tally.ts";
import { eventually } from "../harness/wait.ts";

// Redis carries only live feeds and rate limits: losing it may pause subscriptions, never deliveries.
let servers: TestServers;
let receiver: TestReceiver;
let api: HeraldProcess;
let worker: HeraldProcess;
const liveClients: LiveClient[] = [];

beforeAll(async () => {
  servers = await startTestServers({ redis: true });
  receiver = await new TestReceiver(() => ({ status: 200 })).start();
  [api, worker] = await Promise.all([spawnHerald(servers, { HERALD_ROLE: "api" }), spawnHerald(servers, { HERALD_ROLE: "worker" })]);
});

afterAll(async () => {
  await Promise.all(liveClients.map((c) => c.close()));
  await Promise.all([api?.kill("SIGKILL"), worker?.kill("SIGKILL")]);
  await receiver?.stop();
  await servers?.stop();
});

const seen = (feed: LiveFeed<DeliveryAttemptsSubscription>, ids: string[]) => {
  const got = new Set(feed.received.map((r) => r.deliveryAttempts.eventId));
  return ids.filter((id) => got.has(id)).length;
};

describe("redis-server outage", () => {
  it("keeps delivering while Redis is down; subscriptions, even one opened meanwhile, carry attempts again once it is back", async () => {
    const paths = ["/redis-a", "/redis-b"];
    const base = `http://127.0.0.1:${api.port}`;
    const org = await orgWithEndpoints(
      base,
      paths.map((p) => receiver.url(p)),
    );
    const live = new LiveClient(`${base}/graphql`, org.client.token);
    liveClients.push(live);
    const feed = live.subscribe(DeliveryAttemptsDocument, {});
    await new Promise((r) => setTimeout(r, 300));
    const publish = async (ids: string[]) => {
      const run = publishMany(`${base}/graphql`, org.client.token!, ids, { concurrency: 16 });
      await run.done;
      expect(run.failed).toBe(0);
    };

    const before = Array.from({ length: 200 }, (_, i) => `rb${i}`);
    await publish(before);
    await feed.until(() => seen(feed, before) === before.length, 20_000);

    const late = await orgWithEndpoints(base, [receiver.url("/redis-late")]);
    await servers.redis!.kill("SIGKILL");
    // Opened while Redis is away: its first subscribe to Redis fails.
    const lateLive = new LiveClient(`${base}/graphql`, late.client.token);
    liveClients.push(lateLive);
    const lateFeed = lateLive.subscribe(DeliveryAttemptsDocument, {});
    const during = Array.from({ length: 500 }, (_, i) => `rd${i}`);
    await publish(during);
    await eventually("every event published during the outage delivered", () => tallyReceipts(receiver, paths, during).lost === 0, 30_000).catch(
      () => undefined,
    );
    const outage = tallyReceipts(receiver, paths, during);
    expect(api.child.exitCode, api.output().slice(-2_000)).toBeNull();
    expect(worker.child.exitCode, worker.output().slice(-2_000)).toBeNull();

    await servers.redis!.start();
    // The feed may have missed notices published while Redis was away; new ones must arrive.
    const after: string[] = [];
    await eventually(
      "subscription carries attempts again",
      async () => {
        const batch = Array.from({ length: 20 }, (_, i) => `ra${after.length + i}`);
        await publish(batch);
        after.push(...batch);
        return seen(feed, after) > 0;
      },
      30_000,
    );
    await publishMany(`${base}/graphql`, late.client.token!, ["late1"]).done;
    await lateFeed.until((r) => r.some((x) => x.deliveryAttempts.eventId === "late1"), 15_000);
    const all = [...before, ...during, ...after];
    await eventually("everything delivered", () => tallyReceipts(receiver, paths, all).lost === 0, 30_000).catch(() => undefined);
    const tally = tallyReceipts(receiver, paths, all);
    printTally(
      `redis-server SIGKILL while ${during.length} events were published (${outage.delivered}/${outage.sent} delivered during the outage), then restarted; live feed got ${feed.received.length} attempts`,
      tally,
    );
    expect(outage.lost).toBe(0);
    expect(tally.lost).toBe(0);
    expect(feed.errors).toEqual([]);
  }, 90_000);
});
