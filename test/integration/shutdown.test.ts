import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { DeliveryAttemptsDocument } from "../generated/graphql.ts";
import { startTestServers, testConfig, type TestServers } from "../harness/env.ts";
import { LiveClient } from "../harness/graphql-client.ts";
import { createTestOrg } from "../harness/orgs.ts";

let servers: TestServers;
let herald: RunningHerald;

beforeAll(async () => {
  servers = await startTestServers();
  herald = await startHerald(testConfig(servers), createLogger("silent"));
});

afterAll(async () => {
  await herald?.stop();
  await servers?.stop();
});

describe("shutdown", () => {
  it("closes live connections cleanly (1001 going away) and stops listening", async () => {
    const url = `http://127.0.0.1:${herald.port}/graphql`;
    const { token } = await createTestOrg(url, "Leaving");
    const live = new LiveClient(url, token);
    const feed = live.subscribe(DeliveryAttemptsDocument, {});
    await new Promise((r) => setTimeout(r, 300));
    await herald.stop();
    expect((await feed.failure()).extensions?.closeCode).toBe(1001);
    await expect(fetch(`${url.replace("/graphql", "/healthz")}`)).rejects.toThrow();
    await live.close();
  });
});
