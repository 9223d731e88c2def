import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import type { Context } from "./context.ts";
import type { KeysetPage } from "./connection.ts";

// A list under each row of a list (Endpoint.deliveries, Event.deliveries, Delivery.attempts)
// needs a LIMIT per parent. Prisma's nested `take` reads every child of every parent and
// slices in memory; a LATERAL join pages each parent with its own LIMIT in one statement
// for the whole request.

export interface ChildList {
  table: string;
  /** The child's column naming its parent. */
  parentColumn: string;
  /** Prisma field names of the child's columns (snake_case in the table). */
  fields: readonly string[];
}

/** One page's bounds, the same for every parent of one field in one request. */
export interface ChildPage {
  organizationId: string;
  after: string | null;
  before: string | null;
  inverted: boolean;
  take: number;
  status: string | null;
}

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * One statement for the pages of all parents: $1 parent ids, $2 organization, $3/$4 the
 * after/before ids, $5 the LIMIT per parent, $6 an optional status.
 */
export function childPageSql(list: ChildList, inverted: boolean): string {
  const columns = list.fields.map((f) => `c."${column(f)}" AS "${f}"`).join(", ");
  const direction = inverted ? "ASC" : "DESC";
  return `SELECT page.* FROM unnest($1::text[]) AS parent(id) CROSS JOIN LATERAL (
  SELECT ${columns} FROM "public"."${list.table}" c
   WHERE c."${list.parentColumn}" = parent.id AND c."organization_id" = $2
     AND ($3::text IS NULL OR c."id" < $3) AND ($4::text IS NULL OR c."id" > $4)
     ${list.fields.includes("status") ? `AND ($6::text IS NULL OR c."status"::text = $6)` : "AND $6::text IS NULL"}
   ORDER BY c."id" ${direction} LIMIT $5) page`;
}

interface ChildKey {
  page: ChildPage;
  parentId: string;
}

/** The pages of `list` for the parents in `keys`: one statement per distinct page bounds. */
async function loadPages<Row extends Record<string, unknown>>(
  pool: Context["services"]["db"]["pool"],
  list: ChildList,
  keys: readonly ChildKey[],
): Promise<Row[][]> {
  const parentField = list.parentColumn.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  const byPage = new Map<string, { page: ChildPage; parentIds: Set<string> }>();
  for (const { page, parentId } of keys) {
    const pageKey = JSON.stringify(page);
    let group = byPage.get(pageKey);
    if (!group) byPage.set(pageKey, (group = { page, parentIds: new Set() }));
    group.parentIds.add(parentId);
  }
  const rowsOf = new Map<string, Row[]>();
  for (const [pageKey, { page, parentIds }] of byPage) {
    const { rows } = await pool.query<Row>(childPageSql(list, page.inverted), [
      [...parentIds],
      page.organizationId,
      page.after,
      page.before,
      page.take,
      page.status,
    ]);
    for (const row of rows) {
      const key = JSON.stringify([pageKey, row[parentField]]);
      const parentRows = rowsOf.get(key);
      if (parentRows) parentRows.push(row);
      else rowsOf.set(key, [row]);
    }
  }
  return keys.map(({ page, parentId }) => rowsOf.get(JSON.stringify([JSON.stringify(page), parentId])) ?? []);
}

/**
 * Pages of `list` for many parents, loaded together by one DataLoader per request: one
 * statement per field and request. Nothing is cached, only batched: a subscription's context
 * lives as long as it does, and each notice must read the rows as they are then.
 */
export function childPageLoader<Row extends Record<string, unknown>>(list: ChildList) {
  const loaderOf = createContextCache(
    (ctx: Context) => new DataLoader<ChildKey, Row[]>((keys) => loadPages<Row>(ctx.services.db.pool, list, keys), { cache: false }),
  );
  return (ctx: Context, parentId: string, page: ChildPage) => loaderOf(ctx).load({ page, parentId });
}

/** The bounds of an id-ordered keyset page, as a child list reads them. */
export function childPage(organizationId: string, page: KeysetPage, status: string | null = null): ChildPage {
  return {
    organizationId,
    after: (page.after?.[0] as string | undefined) ?? null,
    before: (page.before?.[0] as string | undefined) ?? null,
    inverted: page.inverted,
    take: page.take,
    status,
  };
}
