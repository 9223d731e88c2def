import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { migrate } from "../../src/db/migrate.ts";
import { startPostgresCluster, type LocalServer } from "../../src/infra/local-servers.ts";
import { trackPid, untrackPid } from "./env.ts";
import { eventually } from "./wait.ts";

export interface PrivatePostgres {
  /** A migrated database on this file's own cluster. */
  databaseUrl: string;
  /** Fast shutdown (SIGINT to the postmaster): backends end, no orphan holds shared memory. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL cluster for one test file, for outages the shared cluster must not suffer
 * (other files run against it in parallel).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dataDir = path.join(mkdtempSync(path.join(inject("tmpRoot"), "pg-private-")), "data");
  const server: LocalServer = await startPostgresCluster({ dataDir });
  const pidFile = path.join(dataDir, "postmaster.pid");
  // The launcher may be a runuser wrapper: the postmaster's own pid is what teardown must kill.
  const postmaster = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : undefined);
  const track = () => {
    trackPid(server.pid());
    trackPid(postmaster());
  };
  track();
  const databaseUrl = server.url;
  await migrate(databaseUrl);
  const stopServer = async () => {
    const pid = postmaster();
    const launcher = server.pid();
    if (pid) process.kill(pid, "SIGINT");
    await eventually("postgres stopped", () => !existsSync(pidFile), 15_000);
    await server.kill("SIGTERM");
    untrackPid(pid);
    untrackPid(launcher);
  };
  return {
    databaseUrl,
    stopServer,
    async startServer() {
      await server.start();
      track();
    },
    stop: stopServer,
  };
}
