import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// Keeps `npm run bench` from rotting: runs it with tiny sizes in a child process (it starts
// its own servers, receiver and worker processes) and checks that the table and the JSON
// list every scenario with numbers.

const SCENARIO_IDS = ["ceiling", "throughput", "cluster", "latency", "isolation", "fanout", "backlog", "pagination"];
const outDir = mkdtempSync(path.join(tmpdir(), "bench-smoke-"));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
  rmSync(outDir, { recursive: true, force: true });
});

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run bench", () => {
  it("runs every scenario (tiny sizes) and reports numbers for each", async () => {
    const out = path.join(outDir, "smoke.json");
    const started = Date.now();
    const { code, stdout, stderr } = await runBench([
      "--quick",
      "--events",
      "200",
      "--warmup",
      "50",
      "--reps",
      "1",
      "--ceiling-seconds",
      "0.2",
      "--duration",
      "1",
      "--rate",
      "200",
      "--backlog",
      "200",
      "--backlog-healthy",
      "200",
      "--subscribers",
      "20",
      "--out",
      out,
    ]);
    const seconds = (Date.now() - started) / 1000;
    expect(code, `bench exited with ${code}\n${stderr.slice(-4000)}`).toBe(0);
    console.log(`bench smoke run took ${seconds.toFixed(1)} s`);

    const rows = stdout.split("\n").filter((l) => l.startsWith("| "));
    SCENARIO_IDS.forEach((id, i) => {
      const mine = rows.filter((r) => r.startsWith(`| ${i + 1} ${id} `)).map((r) => r.split("|").map((c) => c.trim()));
      expect(mine.length, `table row for ${id}`).toBeGreaterThan(0);
      // Column 3 is the value: every measured row holds a number.
      for (const cells of mine) expect(Number(cells[3]!.replace(/,/g, "")), `${id}: ${cells.join(" | ")}`).not.toBeNaN();
    });

    const json = JSON.parse(readFileSync(out, "utf8")) as { results: { id: string; metrics: { value: number | null }[] }[] };
    expect(json.results.map((r) => r.id)).toEqual(SCENARIO_IDS);
    for (const r of json.results) {
      expect(r.metrics.length).toBeGreaterThan(0);
      for (const m of r.metrics) expect(typeof m.value).toBe("number");
    }
  }, 120_000);
});
