import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { startTestServers, testConfig, type TestServers } from "./env.ts";
import { LiveClient } from "./graphql-client.ts";
import { createTestOrg, type TestOrg } from "./orgs.ts";
import { spawnHerald, type HeraldProcess } from "./process.ts";
import { TestReceiver } from "./receiver.ts";

/**
 * Live feeds across processes: an api-role Herald in this test process serves the
 * subscriptions, a worker running as its own OS process makes the attempts, and Redis
 * carries the notices between them.
 */
export interface LiveStack {
  servers: TestServers;
  api: RunningHerald;
  worker: HeraldProcess;
  receiver: TestReceiver;
  /** The api's GraphQL URL. */
  url: string;
  tenant(name: string): Promise<TestOrg>;
  /** A graphql-ws client closed by `stop`. */
  liveClient(token?: string): LiveClient;
  /** Subscriptions open on the api process now. */
  activeSubscriptions(): Promise<number>;
  /** Subscriptions the api process has cut off as too slow so far. */
  droppedSubscriptions(): Promise<number>;
  stop(): Promise<void>;
}

export async function startLiveStack(workerEnv: Record<string, string> = {}, apiEnv: Record<string, string> = {}): Promise<LiveStack> {
  const servers = await startTestServers({ redis: true });
  const receiver = await new TestReceiver().start();
  const api = await startHerald(testConfig(servers, { HERALD_ROLE: "api", ...apiEnv }), createLogger("silent"));
  const worker = await spawnHerald(servers, { HERALD_ROLE: "worker", ...workerEnv });
  const url = `http://127.0.0.1:${api.port}/graphql`;
  const live: LiveClient[] = [];
  return {
    servers,
    api,
    worker,
    receiver,
    url,
    tenant: (name) => createTestOrg(url, name),
    liveClient(token) {
      const client = new LiveClient(url, token);
      live.push(client);
      return client;
    },
    activeSubscriptions: async () => (await api.services.realtimeMetrics.activeSubscriptions.get()).values[0]?.value ?? 0,
    droppedSubscriptions: async () => (await api.services.realtimeMetrics.slowSubscribers.get()).values[0]?.value ?? 0,
    async stop() {
      await Promise.all(live.map((c) => c.close()));
      await worker.kill("SIGTERM");
      await api.stop();
      await receiver.stop();
      await servers.stop();
    },
  };
}
