import type { Plugin } from "graphql-yoga";
import type {
  DocumentNode,
  ExecutionArgs,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  GraphQLType,
  SelectionSetNode,
  ValueNode,
} from "graphql";
import type { Issue } from "../domain/errors.ts";
import { nestsDeeperThan } from "../rules/envelope.ts";
import { isWellFormedId } from "../rules/ids.ts";
import { badUserInput } from "./errors.ts";
import { refuseBeforeExecution } from "./refuse-before-execution.ts";

// Walked by hand, by kind and type names: graphql's own helpers check `instanceof`, and the
// schema may come from the other copy of graphql (CJS beside ESM) than this file's import.

const MALFORMED_ID = "is not a well-formed id (1–128 characters of A-Za-z0-9_-)";
// PostgreSQL cannot store a NUL in text (or jsonb), so one would fail its statement.
const NUL = "must not contain NUL characters";

type Variables = Record<string, unknown> | null | undefined;

/**
 * Variables nesting deeper are refused before anything walks them recursively (the walk below,
 * graphql's own coercion): an input type that holds itself (EventFilterInput) would otherwise
 * let a request nest deep enough to overflow the stack. Far above any input's real depth
 * (event data stops at 64 levels).
 */
export const MAX_VARIABLE_DEPTH = 100;

function namedType(type: GraphQLType): GraphQLNamedType {
  let t = type as { ofType?: GraphQLType };
  while (t.ofType) t = t.ofType as { ofType?: GraphQLType };
  return t as GraphQLNamedType;
}

function literal(node: ValueNode, variables: Variables): unknown {
  if (node.kind === "Variable") return variables?.[node.name.value];
  if (node.kind === "ListValue") return node.values.map((v) => literal(v, variables));
  if (node.kind === "ObjectValue") return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value, variables)]));
  if (node.kind === "StringValue" || node.kind === "IntValue") return node.value;
  return null;
}

/** Paths below an argument to each String or ID value with a NUL, through lists and input objects (not into JSON). */
function nulPaths(type: GraphQLType, value: unknown, path: string[]): string[][] {
  if (value == null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => nulPaths(type, v, path));
  const t = namedType(type);
  if (t.name === "String" || t.name === "ID") return typeof value === "string" && value.includes("\u0000") ? [path] : [];
  // An argument's named type with fields is an input object.
  if (!("getFields" in t) || typeof value !== "object") return [];
  const fields = t.getFields() as Record<string, { type: GraphQLType }>;
  return Object.entries(value as Record<string, unknown>).flatMap(([name, v]) => (fields[name] ? nulPaths(fields[name].type, v, [...path, name]) : []));
}

function fieldsOf(type: GraphQLNamedType | null | undefined): Record<string, GraphQLField<unknown, unknown>> {
  return type && "getFields" in type ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>) : {};
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
  issues: Issue[];
  seen: Set<string>;
}

/** A malformed id is named once, as such; otherwise each String or ID value with a NUL, by its path. */
function argumentIssues(type: GraphQLType, name: string, value: unknown): Issue[] {
  if (namedType(type).name === "ID") {
    const ids: unknown[] = Array.isArray(value) ? value : [value];
    if (ids.some((id) => id != null && !isWellFormedId(String(id)))) return [{ path: [name], message: MALFORMED_ID }];
  }
  return nulPaths(type, value, [name]).map((path) => ({ path, message: NUL }));
}

function walkSelections(w: Walk, set: SelectionSetNode, parent: GraphQLNamedType | null | undefined): void {
  for (const sel of set.selections) {
    if (sel.kind === "InlineFragment") {
      walkSelections(w, sel.selectionSet, sel.typeCondition ? w.schema.getType(sel.typeCondition.name.value) : parent);
    } else if (sel.kind === "FragmentSpread") {
      const fragment = w.fragments.get(sel.name.value);
      if (!fragment || w.seen.has(fragment.name.value)) continue;
      w.seen.add(fragment.name.value);
      walkSelections(w, fragment.selectionSet, w.schema.getType(fragment.typeCondition.name.value));
    } else {
      const field = fieldsOf(parent)[sel.name.value];
      if (!field) continue;
      for (const arg of sel.arguments ?? []) {
        const def = field.args.find((a) => a.name === arg.name.value);
        if (def) w.issues.push(...argumentIssues(def.type, arg.name.value, literal(arg.value, w.variables)));
      }
      if (sel.selectionSet) walkSelections(w, sel.selectionSet, namedType(field.type));
    }
  }
}

/**
 * Every argument of the document's operations that no resolver should see: an `ID` whose value
 * cannot be an id, and a String or ID value with a NUL, at any depth of an input. Named by path.
 */
export function refusedArguments(schema: GraphQLSchema, document: DocumentNode, variables: Variables): Issue[] {
  if (nestsDeeperThan(variables, MAX_VARIABLE_DEPTH)) return [{ path: ["variables"], message: `must not nest more than ${MAX_VARIABLE_DEPTH} levels deep` }];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === "FragmentDefinition") fragments.set(def.name.value, def);
  const w: Walk = { schema, fragments, variables, issues: [], seen: new Set() };
  for (const def of document.definitions) {
    if (def.kind === "OperationDefinition") walkSelections(w, def.selectionSet, schema.getRootType(def.operation));
  }
  return w.issues;
}

/**
 * A malformed id (a NUL, a quote, 10 KB of text) or a NUL in any text is the caller's mistake,
 * not a lookup that found nothing and not a server error: it is refused as BAD_USER_INPUT
 * before any resolver runs, for every argument of every operation, subscriptions included.
 * Postgres never sees it (a NUL in a text parameter fails the statement).
 */
export function useArgumentChecks(): Plugin {
  const refusal = (args: ExecutionArgs) => {
    const issues = refusedArguments(args.schema, args.document, args.variableValues);
    return issues.length > 0 ? { errors: [badUserInput(issues)] } : null;
  };
  return refuseBeforeExecution(refusal);
}
