import { readFileSync } from "node:fs";
import path from "node:path";

// Summarises V8 .cpuprofile files (node --cpu-prof, e.g. `npm run bench -- --cpu-prof`):
// top self-time functions, and self time per package / source directory.
//   node --import tsx bench/prof-summary.ts bench/results/prof/*.cpuprofile [--top 30]

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function where(url: string): string {
  if (!url) return "(native/V8)";
  const u = url.replace(/^file:\/\//, "");
  const nm = u.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = u.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (u.startsWith("node:")) return u;
  const src = u.indexOf("/src/");
  if (src >= 0) return path.dirname(u.slice(src + 1));
  return u;
}

const args = process.argv.slice(2);
const flagValue = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const top = Number(flagValue("--top") ?? 30);
// --callers NAME: for functions named NAME, self time split by the chain of callers (3 frames up).
const callersOf = flagValue("--callers");
const files = args.filter((a, i) => !a.startsWith("--") && !["--top", "--callers"].includes(args[i - 1] ?? ""));
for (const file of files) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const totalUs = p.endTime - p.startTime;
  // Self time per node from the sample timeline (more exact than hitCount × mean interval).
  const selfUs = new Map<number, number>();
  if (p.samples && p.timeDeltas) {
    for (let i = 0; i < p.samples.length; i++) {
      const dt = p.timeDeltas[i + 1] ?? 0;
      selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + dt);
    }
  }
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  for (const n of p.nodes) {
    const us = selfUs.get(n.id) ?? 0;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === "(idle)") {
      idle += us;
      continue;
    }
    if (functionName === "(garbage collector)") gc += us;
    const key = `${functionName || "(anonymous)"}  ${url ? `${where(url)}:${path.basename(url)}:${lineNumber + 1}` : ""}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const pkg = functionName.startsWith("(") ? functionName : where(url);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
  }
  const busy = totalUs - idle;
  console.log(
    `\n${path.basename(file)}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${((busy / totalUs) * 100).toFixed(0)} % busy, GC ${((gc / busy) * 100).toFixed(1)} % of busy`,
  );
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
  console.log(`  self time by package/directory (share of busy time):`);
  for (const [k, us] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(us)}  ${k}`);
  console.log(`  top ${top} functions by self time:`);
  for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${k}`);
  if (callersOf) {
    const parent = new Map<number, Node>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
    const chains = new Map<string, number>();
    for (const n of p.nodes) {
      if (n.callFrame.functionName !== callersOf) continue;
      // The first two callers outside Node's own modules: who asked for this.
      const names: string[] = [];
      for (let q = parent.get(n.id), depth = 0; q && depth < 40 && names.length < 2; q = parent.get(q.id), depth++) {
        if (q.callFrame.url.startsWith("node:") || q.callFrame.url === "") continue;
        names.push(`${q.callFrame.functionName || "(anon)"}@${where(q.callFrame.url)}:${path.basename(q.callFrame.url)}:${q.callFrame.lineNumber + 1}`);
      }
      const key = names.join(" < ");
      chains.set(key, (chains.get(key) ?? 0) + (selfUs.get(n.id) ?? 0));
    }
    console.log(`  callers of ${callersOf}:`);
    for (const [k, us] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${pct(us)}  ${k}`);
  }
}
