import { Ajv, type CodeOptions, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { RE2JS } from "re2js";

// A tenant's JSON Schema is untrusted code that runs on the shared event loop. So each
// schema is compiled by an Ajv of its own (no registry another tenant could reach), its
// regexes run on RE2 (linear time), and what it may contain is capped at create time so
// that compiling it, and applying it to the largest event (256 KiB), stays cheap.
// Ajv compiles with new Function, whose sources V8 would cache forever: app/v8-flags.ts
// turns that cache off when Herald starts, so this module has no side effect at import.

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

export const SCHEMA_LIMITS = {
  /** Bytes of the schema's JSON text. */
  bytes: 64 * 1024,
  /** Nesting of objects and arrays in the schema document. */
  depth: 32,
  /** Subschemas, counting a `$ref`'s target each time it is used: bounds compile and validation work. */
  subschemas: 256,
  /**
   * anyOf and oneOf alternatives: each one a value fails costs an error object, so these
   * multiply with the number of values in the data (87,000 in 256 KiB).
   */
  branches: 16,
  /** `pattern`s and `patternProperties` keys together: each object key is tested against every key pattern. */
  patterns: 8,
  patternChars: 256,
  /** RE2's program size for one pattern: its cost per character of data. */
  patternProgram: 200,
  enumValues: 256,
  /** `uniqueItems` compares items pairwise: only with a `maxItems` at most this. */
  uniqueItemsMaxItems: 256,
} as const;

/** Keywords that name a schema or reach one by name: refused, so no schema can be reached from outside itself. */
const NAMING_KEYWORDS = ["$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor"];
const ONE_SUBSCHEMA = [
  "not",
  "if",
  "then",
  "else",
  "additionalItems",
  "contains",
  "additionalProperties",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
];
const SUBSCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SUBSCHEMA_MAPS = ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"];

type Node = Record<string, unknown>;
const isObject = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** The subschemas directly inside one schema object, as [JSON-pointer segment(s), value]. */
function childSchemas(schema: Node): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k of ONE_SUBSCHEMA) if (k in schema) out.push([k, schema[k]]);
  for (const k of SUBSCHEMA_LISTS) {
    const list = schema[k];
    if (Array.isArray(list)) list.forEach((s, i) => out.push([`${k}/${i}`, s]));
  }
  for (const k of [...SUBSCHEMA_MAPS, "dependencies"]) {
    const map = schema[k];
    // `dependencies` values are property lists or schemas; only the schemas are walked.
    if (isObject(map)) for (const [name, s] of Object.entries(map)) if (!Array.isArray(s)) out.push([`${k}/${escapePointer(name)}`, s]);
  }
  const items = schema.items;
  if (Array.isArray(items)) items.forEach((s, i) => out.push([`items/${i}`, s]));
  else if (items !== undefined) out.push(["items", items]);
  return out;
}

const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** How deep objects and arrays nest; iterative, since a hostile document is built to overflow a recursive walk. */
function nestingDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    max = Math.max(max, depth);
    if (depth > SCHEMA_LIMITS.depth) return depth;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}

/** RE2 as Ajv's regex engine: a pattern it cannot run in linear time (lookaround, backreferences) throws. */
function compilePattern(pattern: string): RE2JS {
  return RE2JS.compile(RE2JS.translateRegExp(pattern));
}

const re2Engine: NonNullable<CodeOptions["regExp"]> = Object.assign(
  (pattern: string) => {
    const re = compilePattern(pattern);
    // Ajv keys compiled patterns by their text.
    return { test: (s: string) => re.test(s), toString: () => pattern };
  },
  { code: "re2js" },
);

/** Why a `pattern` (or `patternProperties` key) is refused, or undefined. */
function patternProblem(pattern: unknown, at: string): string | undefined {
  if (typeof pattern !== "string") return `pattern at ${at} must be a string`;
  if (pattern.length > SCHEMA_LIMITS.patternChars) return `pattern at ${at} is ${pattern.length} characters, over the limit of ${SCHEMA_LIMITS.patternChars}`;
  let re: RE2JS;
  try {
    re = compilePattern(pattern);
  } catch (err) {
    return `pattern at ${at} is not supported (RE2 syntax: no lookaround or backreferences): ${(err as Error).message}`;
  }
  if (re.programSize() > SCHEMA_LIMITS.patternProgram) {
    return `pattern at ${at} is too complex (RE2 program size ${re.programSize()}, over the limit of ${SCHEMA_LIMITS.patternProgram})`;
  }
  return undefined;
}

/** Why one schema object's own keywords are refused (not its subschemas'), or undefined. */
function keywordProblem(schema: Node, at: string): string | undefined {
  for (const k of NAMING_KEYWORDS) {
    if (k in schema) return `${k} at ${at} is not allowed: a schema may not name itself or reach another schema`;
  }
  const ref = schema.$ref;
  if (ref !== undefined && (typeof ref !== "string" || !ref.startsWith("#"))) {
    return `$ref at ${at} must be local (start with #): ${JSON.stringify(ref)} points outside this schema`;
  }
  if (schema.uniqueItems === true) {
    const max = schema.maxItems;
    if (typeof max !== "number" || max > SCHEMA_LIMITS.uniqueItemsMaxItems) {
      return `uniqueItems at ${at} needs maxItems of at most ${SCHEMA_LIMITS.uniqueItemsMaxItems} beside it`;
    }
  }
  // It compiles the data as a JavaScript RegExp: 170 ms for a 256 KiB string.
  if (schema.format === "regex") return `format "regex" at ${at} is not supported`;
  if (Array.isArray(schema.enum) && schema.enum.length > SCHEMA_LIMITS.enumValues) {
    return `enum at ${at} has ${schema.enum.length} values, over the limit of ${SCHEMA_LIMITS.enumValues}`;
  }
  return undefined;
}

/**
 * Walks every subschema once: keyword rules, and the patterns counted across the schema.
 * Returns the schema objects it checked, the only places a `$ref` may point to.
 */
function walkSchemas(root: Node): { problem: string } | { schemas: Set<Node> } {
  let patterns = 0;
  const schemas = new Set<Node>();
  const stack: [unknown, string][] = [[root, "#"]];
  while (stack.length > 0) {
    const [schema, at] = stack.pop()!;
    if (!isObject(schema) || schemas.has(schema)) continue;
    schemas.add(schema);
    const problem = keywordProblem(schema, at);
    if (problem) return { problem };
    const found = [
      ...("pattern" in schema ? [[schema.pattern, `${at}/pattern`]] : []),
      ...Object.keys(isObject(schema.patternProperties) ? schema.patternProperties : {}).map((p) => [p, `${at}/patternProperties`]),
    ];
    for (const [p, where] of found) {
      if (++patterns > SCHEMA_LIMITS.patterns)
        return { problem: `the schema has more than ${SCHEMA_LIMITS.patterns} patterns (pattern and patternProperties together)` };
      const bad = patternProblem(p, where as string);
      if (bad) return { problem: bad };
    }
    for (const [segment, child] of childSchemas(schema)) stack.push([child, `${at}/${segment}`]);
  }
  return { schemas };
}

/** The value a local `$ref` ("#", "#/definitions/a") points to, or undefined. */
export function resolveLocalRef(root: unknown, ref: string): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return undefined;
    }
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Node)[segment];
  }
  return node;
}

/**
 * Counts the subschemas validation may visit for one value, and the anyOf/oneOf alternatives
 * among them, following each `$ref` every time it is used (a chain of definitions each
 * referring twice to the next doubles the work at every step). Over a limit, a `$ref` cycle,
 * or a dangling one, is a problem.
 */
function expandedSizeProblem(root: Node, schemas: Set<Node>): string | undefined {
  const memo = new Map<unknown, Cost>();
  const visiting = new Set<unknown>();
  const size = (schema: unknown): Cost | string => {
    if (!isObject(schema)) return { subschemas: 1, branches: 0 };
    const known = memo.get(schema);
    if (known) return known;
    if (visiting.has(schema)) return "a $ref refers back to a schema that contains it: recursive schemas are not supported";
    visiting.add(schema);
    const targets: unknown[] = childSchemas(schema).map(([, child]) => child);
    if (typeof schema.$ref === "string") {
      const target = resolveLocalRef(root, schema.$ref);
      if (target === undefined) return `$ref ${JSON.stringify(schema.$ref)} does not point into this schema`;
      if (isObject(target) && !schemas.has(target)) return `$ref ${JSON.stringify(schema.$ref)} must point to a subschema (such as #/definitions/<name>)`;
      targets.push(target);
    }
    const own = (Array.isArray(schema.anyOf) ? schema.anyOf.length : 0) + (Array.isArray(schema.oneOf) ? schema.oneOf.length : 0);
    const total: Cost = { subschemas: 1, branches: own };
    for (const child of targets) {
      const n = size(child);
      if (typeof n === "string") return n;
      total.subschemas += n.subschemas;
      total.branches += n.branches;
      const over = costProblem(total);
      if (over) return over;
    }
    visiting.delete(schema);
    memo.set(schema, total);
    return total;
  };
  const result = size(root);
  return typeof result === "string" ? result : costProblem(result);
}

interface Cost {
  subschemas: number;
  branches: number;
}

function costProblem(cost: Cost): string | undefined {
  if (cost.subschemas > SCHEMA_LIMITS.subschemas)
    return `the schema has more than ${SCHEMA_LIMITS.subschemas} subschemas (each $ref counted every time it is used)`;
  if (cost.branches > SCHEMA_LIMITS.branches)
    return `the schema has more than ${SCHEMA_LIMITS.branches} anyOf/oneOf alternatives (each $ref counted every time it is used)`;
  return undefined;
}

/** True when a key or string anywhere in `value` holds a NUL. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (isObject(value)) return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v));
  return false;
}

/** Why `schema` may not be an event type's schema (the first rule it breaks), or undefined. Pure. */
export function schemaLimitProblem(schema: unknown): string | undefined {
  if (!isObject(schema)) return "must be a JSON Schema object";
  if (nestingDepth(schema) > SCHEMA_LIMITS.depth) return `nests more than ${SCHEMA_LIMITS.depth} levels deep`;
  // Checked once the depth is known to be bounded; jsonb cannot store a NUL.
  if (containsNul(schema)) return "must not contain NUL characters";
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes > SCHEMA_LIMITS.bytes) return `is ${bytes} bytes, over the limit of ${SCHEMA_LIMITS.bytes}`;
  const walked = walkSchemas(schema);
  return "problem" in walked ? walked.problem : expandedSizeProblem(schema, walked.schemas);
}

// Only meta-schema checks run here: validateSchema neither compiles nor keeps the schema.
const metaChecker = new Ajv({ strict: false, logger: false });

/**
 * Compiles with an Ajv of the schema's own, so nothing it declares is seen by any other.
 * Without Ajv's messages and optimizer passes: half the generated code and compile time
 * (describeError words the one error reported).
 */
function compile(schema: Node): ValidateFunction {
  const ajv = addFormats(
    // No logger: Ajv would print a warning per unknown format, on each compile, for any tenant.
    new Ajv({
      strict: false,
      logger: false,
      allErrors: false,
      messages: false,
      validateSchema: false,
      addUsedSchema: false,
      code: { regExp: re2Engine, optimize: false },
    }),
  );
  return ajv.compile(schema);
}

/** An Ajv error (compiled without messages) in words. */
export function describeError(e: Pick<ErrorObject, "keyword" | "params" | "instancePath">): string {
  const p = e.params as Record<string, unknown>;
  const at = e.instancePath || "/";
  switch (e.keyword) {
    case "required":
      return `${at} must have required property '${String(p.missingProperty)}'`;
    case "type":
      return `${at} must be ${String(p.type)}`;
    case "pattern":
      return `${at} must match pattern ${JSON.stringify(p.pattern)}`;
    case "format":
      return `${at} must match format ${JSON.stringify(p.format)}`;
    case "additionalProperties":
      return `${at} must NOT have additional property '${String(p.additionalProperty)}'`;
    case "enum":
    case "const":
      return `${at} must be one of the allowed values`;
  }
  if ("comparison" in p && "limit" in p) return `${at} must be ${String(p.comparison)} ${String(p.limit)}`;
  if ("limit" in p) return `${at} fails ${e.keyword} (limit ${String(p.limit)})`;
  return `${at} fails ${e.keyword}`;
}

type Compiled = { validate: ValidateFunction } | { problem: string };

/** Why `schema` may not be used, short of compiling it: the caps, then the JSON Schema meta-schema. */
function usableProblem(schema: unknown): string | undefined {
  const limit = schemaLimitProblem(schema);
  if (limit) return limit;
  try {
    if (!metaChecker.validateSchema(schema as Node)) return `is not a valid JSON Schema: ${metaChecker.errorsText(metaChecker.errors)}`;
  } catch (err) {
    // An unknown $schema, for one.
    return `is not a valid JSON Schema: ${(err as Error).message}`;
  }
  return undefined;
}

function compileChecked(schema: unknown): Compiled {
  const problem = usableProblem(schema);
  if (problem) return { problem };
  try {
    return { validate: compile(schema as Node) };
  } catch (err) {
    return { problem: `is not a valid JSON Schema: ${(err as Error).message}` };
  }
}

/**
 * Compiled schemas (or why one is unusable), least recently used first, bounded in count and
 * in schema text (measured: a compiled schema holds about 2.5 times its text, so 16 MiB of
 * text, 256 schemas at the caps, is ~40 MB). Keyed by organization and schema text: never
 * shared between tenants.
 */
export class ValidatorCache {
  private entries = new Map<string, Compiled>();
  private bytes = 0;
  // Ingest passes the same schema object for every event of a type (the routing cache keeps
  // it): its text is worked out once, not per event.
  private texts = new WeakMap<object, string>();

  constructor(
    private readonly maxEntries = 1_000,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(organizationId: string, schema: unknown): Compiled {
    const key = `${organizationId}\u0000${this.textOf(schema)}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const compiled = compileChecked(schema);
    this.entries.set(key, compiled);
    this.bytes += key.length;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= oldest.length;
    }
    return compiled;
  }

  private textOf(schema: unknown): string {
    if (typeof schema !== "object" || schema === null) return JSON.stringify(schema);
    let text = this.texts.get(schema);
    if (text === undefined) this.texts.set(schema, (text = JSON.stringify(schema)));
    return text;
  }
}

const validators = new ValidatorCache();

/** Why `schema` cannot be an event type's schema, or undefined. Compiles it (without keeping it), so that any problem shows now. */
export function checkJsonSchema(schema: unknown): string | undefined {
  const compiled = compileChecked(schema);
  return "problem" in compiled ? compiled.problem : undefined;
}

/**
 * Validates event data against an organization's type schema. Every failure is a reason, not
 * a throw: a schema stored before today's rules that no longer compiles, or one whose
 * validator throws, rejects this event alone.
 */
export function validateAgainstSchema(organizationId: string, schema: unknown, data: unknown): string | undefined {
  const compiled = validators.get(organizationId, schema);
  if ("problem" in compiled) return `the event type's schema cannot be used: it ${compiled.problem}`;
  try {
    if (compiled.validate(data)) return undefined;
  } catch (err) {
    return `the event type's schema failed on this data: ${(err as Error).message}`;
  }
  const first = compiled.validate.errors?.[0];
  return `data does not match the event type's schema: ${first ? describeError(first) : "invalid"}`;
}
