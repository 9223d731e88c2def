import { createHash } from "node:crypto";
import { compilePath, envelopePathProblem } from "./payload-filter.ts";

// Ordered delivery per key (issue #19): an endpoint may name a path into the event whose
// value is the event's ordering key; per (endpoint, key) an event is not attempted while an
// earlier one of the same key is still pending there.

export type OrderingOnFailure = "SKIP" | "BLOCK";

export interface Ordering {
  /** A path into the envelope, as payload filters take them, e.g. "data.orderId". */
  key: string;
  /** SKIP: a FAILED delivery lets the key's next event go; BLOCK: it holds the key until it is redelivered or skipped. */
  onFailure: OrderingOnFailure;
}

export type ParsedOrdering = { ok: true; ordering: Ordering } | { ok: false; issues: { path: string[]; message: string }[] };

/** Keys longer than this are stored as their SHA-256, so a tenant cannot make line rows large. */
export const MAX_ORDERING_KEY_LENGTH = 128;

export function parseOrdering(raw: unknown): ParsedOrdering {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, issues: [{ path: [], message: "must be {key, onFailure}" }] };
  const { key, onFailure } = raw as { key?: unknown; onFailure?: unknown };
  const issues: { path: string[]; message: string }[] = [];
  const problem = key == null ? `must be a path into the event such as "data.orderId"` : envelopePathProblem(key);
  if (problem) issues.push({ path: ["key"], message: problem });
  if (onFailure != null && onFailure !== "SKIP" && onFailure !== "BLOCK") issues.push({ path: ["onFailure"], message: "must be SKIP or BLOCK" });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, ordering: { key: key as string, onFailure: (onFailure as OrderingOnFailure | null) ?? "SKIP" } };
}

/** An event's ordering key for one endpoint: null when the event has none there (it is then delivered unordered). */
export type OrderingKeyReader = (envelope: object) => string | null;

/** Strings and numbers (and booleans) are keys; a missing value, null, an object or a list is no key. */
export function compileOrderingKey(path: string): OrderingKeyReader {
  const read = compilePath(path);
  return (envelope) => orderingKeyOf(read(envelope));
}

export function orderingKeyOf(value: unknown): string | null {
  let key: string;
  if (typeof value === "string") key = value;
  else if (typeof value === "number" && Number.isFinite(value)) key = `#${value}`;
  else if (typeof value === "boolean") key = `?${value}`;
  else return null;
  if (key.length <= MAX_ORDERING_KEY_LENGTH && !key.includes("\u0000")) return key;
  return `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

/** The stored setting compiled; one that no longer parses orders nothing. */
export function compileStoredOrdering(stored: unknown): { read: OrderingKeyReader; onFailure: OrderingOnFailure } | null {
  if (stored == null) return null;
  const parsed = parseOrdering(stored);
  return parsed.ok ? { read: compileOrderingKey(parsed.ordering.key), onFailure: parsed.ordering.onFailure } : null;
}
