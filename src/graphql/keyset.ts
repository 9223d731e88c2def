import { isWellFormedId } from "../rules/ids.ts";
import type { Issue } from "../domain/errors.ts";

// Every list is read with one keyset statement: the cursor carries the sort key of the last
// row, and the next page is `WHERE key < cursor ORDER BY key LIMIT n`. Prisma's own `cursor`
// option looks the row up again and, for a compound order or a nested relation, drops the
// LIMIT and pages in memory (issue 15, row 4: 5.6 s for one event at a deep cursor).

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** One column of a list's sort order (always descending: newest first). */
export interface SortKey {
  field: string;
  kind: "id" | "date";
}

export type CursorValue = string | Date;

/** The page size asked for, or the default; only meaningful once `pageArgsIssues` found nothing. */
export function requestedPageSize(args: PageArgs): number {
  return args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
}

/** What is wrong with a connection's page arguments, each issue naming its argument. */
export function pageArgsIssues(args: PageArgs): Issue[] {
  const issues: Issue[] = [];
  for (const name of ["first", "last"] as const) {
    const n = args[name];
    if (n != null && (n < 0 || n > MAX_PAGE_SIZE)) issues.push({ path: [name], message: `must be between 0 and ${MAX_PAGE_SIZE}` });
  }
  if (args.first != null && args.last != null) issues.push({ path: ["last"], message: "cannot be combined with first" });
  if (args.after != null && args.before != null) issues.push({ path: ["before"], message: "cannot be combined with after" });
  return issues;
}

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values.map((v) => (v instanceof Date ? v.toISOString() : v)))).toString("base64url");
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_CURSOR_LENGTH = 512;

function decodeValue(raw: unknown, key: SortKey): CursorValue | null {
  if (typeof raw !== "string") return null;
  if (key.kind === "id") return isWellFormedId(raw) ? raw : null;
  if (!ISO_INSTANT.test(raw)) return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The sort-key values a cursor carries, or null when it is not one this list issued. */
export function decodeCursor(cursor: string, keys: readonly SortKey[]): CursorValue[] | null {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== keys.length) return null;
  const values = parsed.map((raw, i) => decodeValue(raw, keys[i]!));
  return values.every((v) => v !== null) ? (values as CursorValue[]) : null;
}

type Where = Record<string, unknown>;

/**
 * Rows strictly past `values` in the order of `keys`: `(a, b) < (x, y)` spelled as
 * `a <= x AND (a < x OR b < y)`, so the leading column still bounds the index scan.
 */
export function keysetWhere(keys: readonly SortKey[], values: readonly CursorValue[], op: "lt" | "gt"): Where {
  const [key, ...restKeys] = keys;
  const [value, ...restValues] = values;
  if (!key) return {};
  if (restKeys.length === 0) return { [key.field]: { [op]: value } };
  return {
    AND: [{ [key.field]: { [`${op}e`]: value } }, { OR: [{ [key.field]: { [op]: value } }, keysetWhere(restKeys, restValues, op)] }],
  };
}

export function keysetOrder(keys: readonly SortKey[], inverted: boolean): Record<string, "asc" | "desc">[] {
  return keys.map((k) => ({ [k.field]: inverted ? "asc" : "desc" }));
}
