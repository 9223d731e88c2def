import type pino from "pino";
import { startHerald, type RunningHerald } from "../../src/app/herald.ts";
import { createLogger } from "../../src/log.ts";
import { startTestServers, testConfig, TEST_ADMIN_TOKEN, type TestServers } from "./env.ts";
import { GraphQLClient } from "./graphql-client.ts";

// Organizations are made by ./orgs.ts; re-exported here, beside the control plane they are made on.
export { createTestOrg, type TestOrg } from "./orgs.ts";

export interface ControlPlane {
  servers: TestServers;
  herald: RunningHerald;
  /** No token: anonymous. */
  anonymous: GraphQLClient;
  admin: GraphQLClient;
  stop(): Promise<void>;
}

/** A real Herald (api role unless told otherwise) on its own Postgres database and nats-server. */
export async function startControlPlane(overrides: Record<string, string> = {}, logDestination?: pino.DestinationStream): Promise<ControlPlane> {
  const servers = await startTestServers();
  let herald: RunningHerald;
  try {
    const config = testConfig(servers, { HERALD_ROLE: "api", ...overrides });
    herald = await startHerald(config, createLogger(logDestination ? "trace" : "silent", logDestination));
  } catch (err) {
    await servers.stop();
    throw err;
  }
  const anonymous = new GraphQLClient(`http://127.0.0.1:${herald.port}/graphql`);
  return {
    servers,
    herald,
    anonymous,
    admin: anonymous.as(TEST_ADMIN_TOKEN),
    async stop() {
      await herald.stop();
      await servers.stop();
    },
  };
}
