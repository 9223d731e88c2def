import { SCENARIOS, type Metric, type ScenarioResult } from "./types.ts";

function formatValue(m: Metric): string {
  if (m.value === null) return "n/a";
  const v = m.value;
  if (m.unit === "×") return v.toFixed(v >= 10 ? 1 : v >= 1 ? 2 : 3);
  if (m.unit === "ms") return v.toFixed(v >= 100 ? 0 : 2);
  return Math.round(v).toLocaleString("en-US");
}

/**
 * One Markdown table: a row per measurement, the scenario's number and id first
 * (`| 2 throughput | …`), so people and the smoke test can find every scenario.
 */
export function renderTable(header: string, results: ScenarioResult[]): string {
  const rows: string[][] = [["scenario", "measurement", "value", "unit", "target", "ok", "how / notes"]];
  for (const r of results) {
    const name = `${SCENARIOS.indexOf(r.id) + 1} ${r.id}`;
    r.metrics.forEach((m, i) => {
      rows.push([
        name,
        i === 0 ? `${r.title}: ${m.label}` : m.label,
        formatValue(m),
        m.unit,
        m.target ?? "",
        m.pass === undefined ? "" : m.pass ? "yes" : "NO",
        m.detail ?? "",
      ]);
    });
  }
  // Pad every column but the last (notes are long).
  const widths = rows[0]!.map((_, c) => (c === rows[0]!.length - 1 ? 0 : Math.max(...rows.map((r) => r[c]!.length))));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(" | ")} |`;
  const sep = `|${widths.map((w, c) => (c === 2 ? `${"-".repeat(Math.max(3, w + 1))}:` : `:${"-".repeat(Math.max(3, w + 1))}`)).join("|")}|`;
  return [header, "", line(rows[0]!), sep, ...rows.slice(1).map(line)].join("\n");
}
