import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../src/infra/processes.ts";
import { testEnv, trackPid, untrackPid, type HeraldServers } from "./env.ts";
import { eventually } from "./wait.ts";

export interface HeraldProcess {
  port: number;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  metric(name: string): Promise<number>;
}

/** Runs Herald as its own OS process (`src/main.ts`), as production does, for crash and scale-out tests. */
export async function spawnHerald(servers: HeraldServers, env: Record<string, string> = {}): Promise<HeraldProcess> {
  const port = await freePort();
  // One OS process (not the tsx wrapper, which would survive a SIGKILL as an orphan child).
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    // Logging at info: tests read what the process printed.
    env: { PATH: process.env.PATH!, ...testEnv(servers, { PORT: String(port), LOG_LEVEL: "info", ...env }) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  trackPid(child.pid);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await eventually(
    `herald process on port ${port} ready`,
    async () => {
      if (child.exitCode !== null) throw new Error(`exited early: ${out}`);
      const r = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return r?.status === 200;
    },
    30_000,
  );
  return {
    port,
    child,
    output: () => out,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      untrackPid(child.pid);
      return code;
    },
    async metric(name: string) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      let total = 0;
      for (const line of text.split("\n")) {
        if (line.startsWith(name)) total += Number(line.slice(line.lastIndexOf(" ") + 1));
      }
      return total;
    },
  };
}
