// An endpoint's payload filter (issue #19): beyond its event type patterns, a condition on
// the event's envelope that an event must meet to be delivered to the endpoint. Parsed and
// checked once when the endpoint is saved, compiled once per routing load into a tree of
// closures; evaluating it on an envelope already parsed allocates nothing.

export type FilterScalar = string | number | boolean;

/** A bound for gt/gte/lt/lte: a number, or a decimal string compared exactly as a decimal. */
export type FilterBound = number | string;

export type PayloadFilter =
  | { and: PayloadFilter[] }
  | { or: PayloadFilter[] }
  | { not: PayloadFilter }
  | { path: string; eq: FilterScalar }
  | { path: string; ne: FilterScalar }
  | { path: string; in: FilterScalar[] }
  | { path: string; nin: FilterScalar[] }
  | { path: string; gt: FilterBound }
  | { path: string; gte: FilterBound }
  | { path: string; lt: FilterBound }
  | { path: string; lte: FilterBound }
  | { path: string; exists: boolean };

// Limits against tenant-hostile filters: each filter costs at most MAX_FILTER_NODES leaves of
// at most MAX_PATH_SEGMENTS property reads per event and endpoint, and stays small in its row.
export const MAX_FILTER_DEPTH = 8;
export const MAX_FILTER_NODES = 64;
export const MAX_LIST_VALUES = 256;
export const MAX_FILTER_VALUES = 1_024;
export const MAX_STRING_LENGTH = 256;
export const MAX_DECIMAL_LENGTH = 64;
export const MAX_PATH_LENGTH = 256;
export const MAX_PATH_SEGMENTS = 16;

/** The envelope fields a path may start with; only `data` has fields below it. */
const PATH_ROOTS = new Set(["data", "type", "id", "timestamp"]);
const COMBINATORS = ["and", "or", "not"] as const;
const OPERATORS = ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "exists"] as const;
type Combinator = (typeof COMBINATORS)[number];
type Operator = (typeof OPERATORS)[number];
const KEYS: ReadonlySet<string> = new Set<string>(["path", ...COMBINATORS, ...OPERATORS]);
const ONE_OF = `${OPERATORS.join(", ")} (with path), or one of ${COMBINATORS.join(", ")}`;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const INDEX = /^(0|[1-9]\d{0,8})$/;

export interface FilterIssue {
  /** Under the filter, e.g. ["and", "1", "gte"]. */
  path: string[];
  message: string;
}

export type ParsedFilter = { ok: true; filter: PayloadFilter } | { ok: false; issues: FilterIssue[] };

interface ParseState {
  nodes: number;
  values: number;
  issues: FilterIssue[];
}

/**
 * Checks a filter given as JSON (GraphQL input or a stored column) and returns it without its
 * null fields, which count as absent (as in GraphQL input). Every problem is reported with the
 * path to it; a node past a limit is reported and not looked into.
 */
export function parsePayloadFilter(raw: unknown): ParsedFilter {
  const state: ParseState = { nodes: 0, values: 0, issues: [] };
  const filter = parseNode(raw, [], 1, state);
  return filter && state.issues.length === 0 ? { ok: true, filter } : { ok: false, issues: state.issues };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseNode(raw: unknown, at: string[], depth: number, state: ParseState): PayloadFilter | null {
  const issue = (path: string[], message: string) => pushIssue(state, path, message);
  if (!isObject(raw)) return issue(at, `must be an object with exactly one of ${ONE_OF}`);
  if (depth > MAX_FILTER_DEPTH) return issue(at, `nests more than ${MAX_FILTER_DEPTH} levels deep`);
  if (++state.nodes > MAX_FILTER_NODES)
    return state.nodes === MAX_FILTER_NODES + 1 ? issue(at, `the filter has more than ${MAX_FILTER_NODES} conditions and combinators`) : null;
  const given = Object.keys(raw).filter((k) => raw[k] !== null && raw[k] !== undefined);
  const unknown = given.find((k) => !KEYS.has(k));
  if (unknown !== undefined) return issue([...at, unknown], `is not a filter field; give exactly one of ${ONE_OF}`);
  const chosen = given.filter((k) => k !== "path") as (Combinator | Operator)[];
  if (chosen.length === 0) return issue(at, `give exactly one of ${ONE_OF}`);
  if (chosen.length > 1)
    return issue([...at, chosen[1]!], `give one operator or combinator per object (found ${chosen.join(", ")}); combine conditions with and`);
  const key = chosen[0]!;
  if ((COMBINATORS as readonly string[]).includes(key)) {
    if (raw.path != null) return issue([...at, "path"], `does not go with ${key}: give path on each condition inside it`);
    return parseCombinator(key as Combinator, raw[key], [...at, key], depth, state);
  }
  const path = parsePath(raw.path, [...at, "path"], state);
  const operand = parseOperand(key as Operator, raw[key], [...at, key], state);
  return path === null || operand === null ? null : ({ path, [key]: operand } as PayloadFilter);
}

function parseCombinator(key: Combinator, raw: unknown, at: string[], depth: number, state: ParseState): PayloadFilter | null {
  if (key === "not") {
    const inner = parseNode(raw, at, depth + 1, state);
    return inner && { not: inner };
  }
  if (!Array.isArray(raw) || raw.length === 0) return pushIssue(state, at, "must be a non-empty list of filters");
  if (raw.length > MAX_FILTER_NODES) return pushIssue(state, at, `must list at most ${MAX_FILTER_NODES} filters`);
  const parts = raw.map((child, i) => parseNode(child, [...at, String(i)], depth + 1, state));
  if (parts.some((p) => p === null)) return null;
  return (key === "and" ? { and: parts } : { or: parts }) as PayloadFilter;
}

function pushIssue(state: ParseState, path: string[], message: string): null {
  state.issues.push({ path, message });
  return null;
}

function parsePath(raw: unknown, at: string[], state: ParseState): string | null {
  if (raw == null) return pushIssue(state, at.slice(0, -1), `an operator needs a path, e.g. "data.total"`);
  const problem = envelopePathProblem(raw);
  return problem === null ? (raw as string) : pushIssue(state, at, problem);
}

/** What is wrong with a path into the envelope ("data.<field>…", "type", "id" or "timestamp"); null: nothing. */
export function envelopePathProblem(raw: unknown): string | null {
  if (typeof raw !== "string") return "must be a string";
  if (raw.length > MAX_PATH_LENGTH) return `must be at most ${MAX_PATH_LENGTH} characters`;
  if (raw.includes("\u0000")) return "must not contain NUL characters";
  const segments = raw.split(".");
  if (segments.length > MAX_PATH_SEGMENTS) return `must have at most ${MAX_PATH_SEGMENTS} segments`;
  if (segments.some((s) => s === "")) return "must be dot-separated field names, none empty";
  if (!PATH_ROOTS.has(segments[0]!) || (segments[0] !== "data" && segments.length > 1)) {
    return `must start at the envelope: "data.<field>…", "type", "id" or "timestamp"`;
  }
  return null;
}

function parseOperand(op: Operator, raw: unknown, at: string[], state: ParseState): FilterScalar | FilterScalar[] | boolean | null {
  if (op === "exists") return typeof raw === "boolean" ? raw : pushIssue(state, at, "must be true or false");
  if (op === "eq" || op === "ne") return parseScalar(raw, at, state);
  if (op === "in" || op === "nin") return parseList(raw, at, state);
  return parseBound(raw, at, state);
}

function parseScalar(raw: unknown, at: string[], state: ParseState): FilterScalar | null {
  if (typeof raw === "string") {
    if (raw.length > MAX_STRING_LENGTH) return pushIssue(state, at, `must be at most ${MAX_STRING_LENGTH} characters`);
    // The filter is stored as jsonb, which cannot hold a NUL; no event field can hold one either.
    return raw.includes("\u0000") ? pushIssue(state, at, "must not contain NUL characters") : raw;
  }
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : pushIssue(state, at, "must be a finite number");
  if (typeof raw === "boolean") return raw;
  return pushIssue(state, at, "must be a string, a number or a boolean");
}

function parseList(raw: unknown, at: string[], state: ParseState): FilterScalar[] | null {
  if (!Array.isArray(raw) || raw.length === 0) return pushIssue(state, at, "must be a non-empty list of strings, numbers or booleans");
  if (raw.length > MAX_LIST_VALUES) return pushIssue(state, at, `must list at most ${MAX_LIST_VALUES} values`);
  state.values += raw.length;
  if (state.values > MAX_FILTER_VALUES) return pushIssue(state, at, `the filter's lists hold more than ${MAX_FILTER_VALUES} values in all`);
  const values = raw.map((v, i) => parseScalar(v, [...at, String(i)], state));
  if (values.some((v) => v === null)) return null;
  const kind = typeof values[0];
  const other = values.findIndex((v) => typeof v !== kind);
  if (other >= 0) return pushIssue(state, [...at, String(other)], `must be a ${kind} like the list's first value: a list holds one kind of value`);
  return values as FilterScalar[];
}

function parseBound(raw: unknown, at: string[], state: ParseState): FilterBound | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : pushIssue(state, at, "must be a finite number");
  if (typeof raw === "string" && raw.length <= MAX_DECIMAL_LENGTH && DECIMAL.test(raw)) return raw;
  return pushIssue(
    state,
    at,
    `must be a number or a decimal string such as "100.00" (digits, an optional leading minus and fraction, no exponent, at most ${MAX_DECIMAL_LENGTH} characters)`,
  );
}

/** Whether an envelope ({id, type, timestamp, organizationId, data}, as parsed) meets the filter. */
export type EnvelopeMatcher = (envelope: object) => boolean;

/** Compiles a parsed filter once: paths are split, lists become sets and decimals are parsed here, not per event. */
export function compilePayloadFilter(filter: PayloadFilter): EnvelopeMatcher {
  if ("and" in filter) return allOf(filter.and.map(compilePayloadFilter));
  if ("or" in filter) return anyOf(filter.or.map(compilePayloadFilter));
  if ("not" in filter) {
    const inner = compilePayloadFilter(filter.not);
    return (e) => !inner(e);
  }
  const read = compilePath(filter.path);
  const test = compileTest(filter);
  return (e) => test(read(e));
}

/** The stored filter compiled; one that no longer parses matches nothing rather than everything. */
export function compileStoredFilter(stored: unknown): EnvelopeMatcher | null {
  if (stored == null) return null;
  const parsed = parsePayloadFilter(stored);
  return parsed.ok ? compilePayloadFilter(parsed.filter) : () => false;
}

function allOf(parts: EnvelopeMatcher[]): EnvelopeMatcher {
  return (e) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i]!(e)) return false;
    return true;
  };
}

function anyOf(parts: EnvelopeMatcher[]): EnvelopeMatcher {
  return (e) => {
    for (let i = 0; i < parts.length; i++) if (parts[i]!(e)) return true;
    return false;
  };
}

/**
 * A reader of one path: own properties only (never `constructor` or `__proto__` from a
 * prototype), and a segment of digits indexes an array. Undefined where the path leads nowhere.
 */
export function compilePath(path: string): (root: object) => unknown {
  const keys = path.split(".");
  const indexes = keys.map((k) => (INDEX.test(k) ? Number(k) : -1));
  const n = keys.length;
  return (root) => {
    let v: unknown = root;
    for (let i = 0; i < n; i++) {
      if (typeof v !== "object" || v === null) return undefined;
      if (Array.isArray(v)) {
        const index = indexes[i]!;
        if (index < 0 || index >= v.length) return undefined;
        v = v[index];
      } else {
        const key = keys[i]!;
        if (!Object.hasOwn(v, key)) return undefined;
        v = (v as Record<string, unknown>)[key];
      }
    }
    return v;
  };
}

type ValueTest = (v: unknown) => boolean;

/** A value of another type than the operand's never matches, whatever the operator (ne and nin included). */
function compileTest(leaf: Exclude<PayloadFilter, { and: unknown } | { or: unknown } | { not: unknown }>): ValueTest {
  if ("exists" in leaf) return leaf.exists ? (v) => v !== undefined : (v) => v === undefined;
  if ("eq" in leaf) {
    const x = leaf.eq;
    return (v) => v === x;
  }
  if ("ne" in leaf) {
    const x = leaf.ne;
    const kind = typeof x;
    return (v) => typeof v === kind && v !== x;
  }
  if ("in" in leaf) {
    const set = new Set<unknown>(leaf.in);
    return (v) => set.has(v);
  }
  if ("nin" in leaf) {
    const set = new Set<unknown>(leaf.nin);
    const kind = typeof leaf.nin[0];
    return (v) => typeof v === kind && !set.has(v);
  }
  if ("gt" in leaf) return boundTest(leaf.gt, (c) => c > 0);
  if ("gte" in leaf) return boundTest(leaf.gte, (c) => c >= 0);
  if ("lt" in leaf) return boundTest(leaf.lt, (c) => c < 0);
  return boundTest(leaf.lte, (c) => c <= 0);
}

/** `accept` gets the value compared with the bound (-1, 0, 1); numbers compare with numbers, decimal strings with decimal strings. */
function boundTest(bound: FilterBound, accept: (c: number) => boolean): ValueTest {
  if (typeof bound === "number") return (v) => typeof v === "number" && accept(v < bound ? -1 : v > bound ? 1 : 0);
  const d = parseDecimalBound(bound);
  // A string that is no decimal compares as NaN, which every `accept` refuses.
  return (v) => typeof v === "string" && accept(compareDecimal(v, d));
}

/** A decimal bound in canonical parts: no sign on zero, no leading zeros in `int`, no trailing zeros in `frac`. */
export interface DecimalParts {
  negative: boolean;
  int: string;
  frac: string;
}

export function parseDecimalBound(s: string): DecimalParts {
  const negative = s.startsWith("-");
  const [whole = "", fraction = ""] = (negative ? s.slice(1) : s).split(".");
  const int = whole.replace(/^0+/, "");
  const frac = fraction.replace(/0+$/, "");
  return { negative: negative && (int !== "" || frac !== ""), int, frac };
}

const ZERO = 48;
const NINE = 57;
const MINUS = 45;
const DOT = 46;

/**
 * Compares the decimal string `s` with `d` exactly (-1, 0, 1) by scanning its characters, with no
 * number parsing and nothing allocated; NaN when `s` is not a plain decimal (digits, an optional
 * leading minus and fraction: no exponent, no spaces, no plus) of at most MAX_DECIMAL_LENGTH
 * characters, which bounds each comparison's cost whatever an event carries.
 */
export function compareDecimal(s: string, d: DecimalParts): number {
  const n = s.length;
  if (n > MAX_DECIMAL_LENGTH) return Number.NaN;
  let i = s.charCodeAt(0) === MINUS ? 1 : 0;
  const negative = i === 1;
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const intEnd = i;
  if (intEnd === intStart) return Number.NaN;
  let fracStart = intEnd;
  if (i < n) {
    if (s.charCodeAt(i) !== DOT) return Number.NaN;
    fracStart = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === fracStart || i < n) return Number.NaN;
  }
  let a = intStart;
  while (a < intEnd && s.charCodeAt(a) === ZERO) a++;
  let b = n;
  while (b > fracStart && s.charCodeAt(b - 1) === ZERO) b--;
  const isZero = a === intEnd && b <= fracStart;
  const sNegative = negative && !isZero;
  if (sNegative !== d.negative) return sNegative ? -1 : 1;
  const magnitude = compareMagnitude(s, a, intEnd, fracStart, b, d);
  return sNegative ? -magnitude : magnitude;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** |s| against |d|: integer digits by count then digit by digit, then the fractions padded with zeros. */
function compareMagnitude(s: string, intStart: number, intEnd: number, fracStart: number, fracEnd: number, d: DecimalParts): number {
  const intLength = intEnd - intStart;
  if (intLength !== d.int.length) return intLength < d.int.length ? -1 : 1;
  for (let k = 0; k < intLength; k++) {
    const diff = s.charCodeAt(intStart + k) - d.int.charCodeAt(k);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  const fracLength = Math.max(0, fracEnd - fracStart);
  const longest = Math.max(fracLength, d.frac.length);
  for (let k = 0; k < longest; k++) {
    const x = k < fracLength ? s.charCodeAt(fracStart + k) : ZERO;
    const y = k < d.frac.length ? d.frac.charCodeAt(k) : ZERO;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
