import { queryFromInfo } from "@pothos/plugin-prisma";
import { resolveCursorConnection } from "@pothos/plugin-relay";
import type { GraphQLResolveInfo } from "graphql";
import type { Issue } from "../domain/errors.ts";
import type { Context } from "./context.ts";
import { badUserInput } from "./errors.ts";
import {
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  keysetOrder,
  keysetWhere,
  MAX_PAGE_SIZE,
  pageArgsIssues,
  requestedPageSize,
  type CursorValue,
  type PageArgs,
  type SortKey,
} from "./keyset.ts";

export const ID_ORDER: readonly SortKey[] = [{ field: "id", kind: "id" }];

/** What one page's single statement needs: spread into the model's findMany with the list's own filter. */
export interface KeysetPage {
  /** Rows past the cursors; AND it with the list's filter. */
  where: Record<string, unknown>;
  orderBy: Record<string, "asc" | "desc">[];
  /** The page size plus one, to tell whether another page follows. */
  take: number;
  /** The sort-key values of the cursors, for a statement written by hand. */
  after: CursorValue[] | null;
  before: CursorValue[] | null;
  /** True when the page is read oldest first (a `last` page), to be reversed. */
  inverted: boolean;
  /** `include`/`select` of the relations the selection under `edges.node` reads: spread it in. */
  query: Record<string, unknown>;
}

/** The findMany arguments of one page of the rows `filter` selects. */
export function pageQuery(filter: object, page: KeysetPage) {
  return { ...page.query, where: { AND: [filter, page.where] }, orderBy: page.orderBy, take: page.take };
}

export interface Connection<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { startCursor?: string | null; endCursor?: string | null; hasPreviousPage: boolean; hasNextPage: boolean };
}

/** A connection costs its page size times what each node costs (@pothos/plugin-complexity). */
export const pageComplexity = (args: PageArgs) => ({ field: 1, multiplier: Math.min(requestedPageSize(args), MAX_PAGE_SIZE) });

function cursorArg(name: "after" | "before", cursor: string | null | undefined, keys: readonly SortKey[], issues: Issue[]): CursorValue[] | null {
  if (cursor == null) return null;
  const values = decodeCursor(cursor, keys);
  if (!values) issues.push({ path: [name], message: "is not a cursor of this list" });
  return values;
}

function readPageArgs(args: PageArgs, keys: readonly SortKey[]) {
  const issues = pageArgsIssues(args);
  const after = cursorArg("after", args.after, keys, issues);
  const before = cursorArg("before", args.before, keys, issues);
  if (issues.length > 0) throw badUserInput(issues);
  return { after, before };
}

/** The node selection of a connection field, as Pothos plans it for prisma (relations included, no N+1). */
function nodeQuery(ctx: Context, info: GraphQLResolveInfo): Record<string, unknown> {
  return queryFromInfo({ context: ctx, info, paths: [[{ name: "edges" }, { name: "node" }]] }) as Record<string, unknown>;
}

/**
 * Resolves a Relay connection with one LIMITed keyset statement, run by `fetch`. Malformed
 * page arguments and cursors are BAD_USER_INPUT naming the argument.
 */
export async function keysetConnection<Row extends object>(
  ctx: Context,
  info: GraphQLResolveInfo,
  args: PageArgs,
  keys: readonly SortKey[],
  fetch: (page: KeysetPage) => Promise<Row[]>,
): Promise<Connection<Row>> {
  const cursors = readPageArgs(args, keys);
  const query = nodeQuery(ctx, info);
  const connection = await resolveCursorConnection(
    {
      args: { ...args, after: args.after ?? undefined, before: args.before ?? undefined },
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      toCursor: (row) => encodeCursor(keys.map((k) => (row as Record<string, CursorValue>)[k.field]!)),
    },
    ({ limit, inverted }) =>
      fetch({
        where: {
          AND: [cursors.after ? keysetWhere(keys, cursors.after, "lt") : {}, cursors.before ? keysetWhere(keys, cursors.before, "gt") : {}],
        },
        orderBy: keysetOrder(keys, inverted),
        take: limit,
        query,
        ...cursors,
        inverted,
      }),
  );
  return connection as Connection<Row>;
}
