// How the console writes times, rates and JSON.

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function formatRate(rate: number | null | undefined): string {
  return rate == null ? "—" : `${(rate * 100).toFixed(rate >= 0.9995 || rate === 0 ? 0 : 1)}%`;
}

/** A `datetime-local` input's value (local time, no zone) as an ISO instant; null when empty or not a time. */
export function localInputToIso(value: string): string | null {
  if (!value.trim()) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** JSON text indented for reading; text that is not JSON is returned as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Whether an attempt got a 2xx answer. */
export function attemptSucceeded(attempt: { responseStatus?: number | null; error?: string | null }): boolean {
  return !attempt.error && attempt.responseStatus != null && attempt.responseStatus >= 200 && attempt.responseStatus < 300;
}

/** A readiness flag of the system panel: null is a component Herald cannot tell about (e.g. Redis not configured). */
export function formatReadiness(ready: boolean | null | undefined): "ready" | "down" | "unknown" {
  if (ready == null) return "unknown";
  return ready ? "ready" : "down";
}

/** A figure the API may not know (null): "unknown", else the number with at most `digits` decimals. */
export function formatFigure(value: number | null | undefined, digits = 0): string {
  if (value == null) return "unknown";
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** What enabling the endpoint last did with its held deliveries, in a sentence. */
export function heldReleaseText(release: { at: string; released: number; cancelled: number; expired: number }): string {
  const parts = [`${release.released} sent`, `${release.cancelled} dropped`];
  if (release.expired > 0) parts.push(`${release.expired} expired (payload gone)`);
  return `Held deliveries at the last enable (${formatTime(release.at)}): ${parts.join(", ")}.`;
}

/** The question Enable asks when deliveries wait: "Send the 1 held delivery?" / "Send the 12 held deliveries?". */
export function heldQuestion(held: number): string {
  return `Send the ${held.toLocaleString("en-US")} held ${held === 1 ? "delivery" : "deliveries"}?`;
}
