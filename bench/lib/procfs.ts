import { readdirSync, readFileSync } from "node:fs";
import { round } from "./stats.ts";

// Linux /proc readers: resident memory of a process and CPU time of a process tree.

export interface Memory {
  rssMb: number;
  peakRssMb: number;
}

export function memoryOf(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssMb: kb("VmRSS") / 1024, peakRssMb: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
  /** cutime + cstime: children that exited and were waited for (e.g. PostgreSQL backends that ended). */
  childTicks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses: fields start after the last ")".
    const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), childTicks: Number(rest[13]) + Number(rest[14]) };
  } catch {
    return undefined;
  }
}

const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by each named group of processes (with their descendants for names in `trees`). */
export function cpuSeconds(roots: Record<string, number[]>, trees: ReadonlySet<string> = new Set()): Record<string, number> {
  const all: Stat[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = readStat(pid);
    if (s) all.push(s);
  }
  const children = new Map<number, Stat[]>();
  for (const s of all) {
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  const byPid = new Map(all.map((s) => [s.pid, s]));
  const out: Record<string, number> = {};
  for (const [name, pids] of Object.entries(roots)) {
    let ticks = 0;
    const stack = [...pids];
    const seen = new Set<number>();
    while (stack.length > 0) {
      const pid = stack.pop()!;
      if (seen.has(pid)) continue;
      seen.add(pid);
      const s = byPid.get(pid);
      if (s) ticks += s.ticks + (trees.has(name) ? s.childTicks : 0);
      if (trees.has(name)) for (const c of children.get(pid) ?? []) stack.push(c.pid);
    }
    out[name] = ticks / TICKS_PER_SECOND;
  }
  return out;
}

function diffCpu(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(after)) out[k] = (after[k] ?? 0) - (before[k] ?? 0);
  return out;
}

/** Cores used per group between two `cpuSeconds` readings `wallSeconds` apart. */
export function coresUsed(before: Record<string, number>, after: Record<string, number>, wallSeconds: number): Record<string, number> {
  return Object.fromEntries(Object.entries(diffCpu(before, after)).map(([k, v]) => [k, round(v / wallSeconds, 2)]));
}

/** CPU seconds the whole machine has been busy (all cores, every process), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}
