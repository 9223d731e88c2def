import type pg from "pg";

// The one owner of the `ordering_floor` row: the EVENTS stream sequence at or below which
// every event is stored, so an ordered delivery at or below it has no earlier event of its
// key still to come (see the ordering lines in store/deliveries.ts).

/** Raises the floor to `seq` (never lowers it: readers may be a moment behind); returns the floor now. */
export async function raiseOrderingFloor(pool: pg.Pool, seq: number): Promise<number> {
  const { rows } = await pool.query<{ seq: string }>("UPDATE ordering_floor SET seq = GREATEST(seq, $1::int8) WHERE id = 1 RETURNING seq", [seq]);
  return Number(rows[0]?.seq ?? 0);
}
