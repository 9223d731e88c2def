import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { trackPid, untrackPid } from "./env.ts";

/**
 * /healthz round trips, one every `everyMs`, until stopped: the latencies in ms. curl makes
 * them from its own process, so a test process busy with the attack's traffic does not
 * slow the probes down and pass for the server's delay.
 */
export function probeHealth(baseUrl: string, everyMs = 100): { stop(): Promise<number[]> } {
  const loop = `while :; do curl -s -o /dev/null -w '%{http_code} %{time_total}\\n' '${baseUrl}/healthz'; sleep ${everyMs / 1000}; done`;
  const child = spawn("bash", ["-c", loop], { detached: true, stdio: ["ignore", "pipe", "inherit"] });
  trackPid(child.pid);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    async stop() {
      // The loop and the curl it may be running: the whole group this probe started.
      process.kill(-child.pid!, "SIGTERM");
      await exited;
      untrackPid(child.pid);
      const lines = out.split("\n").filter((l) => /^\d{3} /.test(l));
      const failed = lines.filter((l) => !l.startsWith("200 "));
      if (failed.length > 0) throw new Error(`/healthz failed ${failed.length} of ${lines.length} probes: ${failed[0]}`);
      return lines.map((l) => Number(l.split(" ")[1]) * 1_000);
    },
  };
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Resident memory of a process, from /proc (Linux), in MB. */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line.replace(/\D+/g, "")) / 1024;
}

/** Waits until `pid`'s RSS is within `marginMb` of `baselineMb` (or the time is up): the last reading. */
export async function rssSettles(pid: number, baselineMb: number, marginMb: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let rss = rssMb(pid);
  while (rss - baselineMb > marginMb && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    rss = rssMb(pid);
  }
  return rss;
}
