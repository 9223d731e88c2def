import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createTemplateDatabase } from "../../src/infra/template-database.ts";
import { startPostgresCluster, type LocalServer } from "../../src/infra/local-servers.ts";

export const TEMPLATE_DB = "herald_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pidDir: string;
    tmpRoot: string;
  }
}

let postgres: LocalServer | undefined;
let tmpRoot: string | undefined;

// One PostgreSQL cluster for the run (the slow server to start); every test file copies a
// migrated template database. nats-server and redis-server start per file: they take
// milliseconds and give each file its own streams and channels.
export async function setup(project: TestProject) {
  tmpRoot = mkdtempSync(path.join(tmpdir(), "herald-test-"));
  // PostgreSQL runs as the postgres user when the suite runs as root: it must reach its data dir.
  chmodSync(tmpRoot, 0o755);
  const pidDir = path.join(tmpRoot, "pids");
  postgres = await startPostgresCluster({ dataDir: path.join(tmpRoot, "pg", "data") });
  await createTemplateDatabase(postgres.url, TEMPLATE_DB);
  project.provide("pgAdminUrl", postgres.url);
  project.provide("pidDir", pidDir);
  project.provide("tmpRoot", tmpRoot);
}

export async function teardown() {
  // Anything a crashed test file left running is stopped here, so no server outlives the run.
  if (tmpRoot) {
    const pidDir = path.join(tmpRoot, "pids");
    for (const f of safeList(pidDir)) {
      const pid = Number(readFileSync(path.join(pidDir, f), "utf8"));
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  await postgres?.stop();
  if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true });
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
