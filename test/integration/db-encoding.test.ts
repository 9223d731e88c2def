import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgArray } from "../../src/db/binary-array.ts";
import { createTestDatabase } from "../harness/env.ts";

// The batch statements' array parameters, decoded by a real Postgres.
describe("binary array parameters", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
  });
  afterAll(() => client.end());

  it("round-trips text with quotes, braces, backslashes, commas, unicode, empty strings and nulls", async () => {
    const values = ["plain", 'a "quoted", {braced} \\ value', "", null, "héllo wörld ✓ 🚀", "NULL", " spaced "];
    const { rows } = await client.query<{ v: string | null; n: number }>("SELECT v, n::int FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n", [
      pgArray.text(values),
    ]);
    expect(rows.map((r) => r.v)).toEqual(values);
  });

  it("round-trips bytea byte for byte, including NUL and high bytes", async () => {
    const values = [Buffer.from([0, 1, 2, 255, 254, 0]), Buffer.alloc(0), null, Buffer.alloc(70_000, 0xab), new Uint8Array([92, 120, 48])];
    const { rows } = await client.query<{ v: Buffer | null }>("SELECT v FROM unnest($1::bytea[]) WITH ORDINALITY AS u(v, n) ORDER BY n", [
      pgArray.bytea(values),
    ]);
    expect(rows.map((r) => (r.v ? Buffer.from(r.v).toString("hex") : null))).toEqual(values.map((v) => (v ? Buffer.from(v).toString("hex") : null)));
  });

  it("round-trips int4 (negative, zero, the extremes) and bool", async () => {
    const ints = [0, -1, 2_147_483_647, -2_147_483_648, null, 42];
    const bools = [true, false, null];
    const { rows } = await client.query<{ i: number[]; b: (boolean | null)[] }>("SELECT $1::int[] AS i, $2::bool[] AS b", [
      pgArray.int4(ints),
      pgArray.bool(bools),
    ]);
    expect(rows[0]!.i).toEqual(ints);
    expect(rows[0]!.b).toEqual(bools);
  });

  it("sends empty arrays as arrays with no rows, and casts text to other types", async () => {
    const { rows } = await client.query<{ n: number; t: Date[] }>(
      "SELECT (SELECT count(*)::int FROM unnest($1::text[])) AS n, $2::text[]::timestamptz[] AS t",
      [pgArray.text([]), pgArray.text(["2026-11-23T10:00:00.123Z"])],
    );
    expect(rows[0]!.n).toBe(0);
    expect(rows[0]!.t[0]!.toISOString()).toBe("2026-11-23T10:00:00.123Z");
  });

  it("refuses a parameter whose declared element type differs, rather than misreading it", async () => {
    await expect(client.query("SELECT $1::int[]", [pgArray.text(["1"])])).rejects.toThrow(/element type 25 \(text\) instead of expected 23/);
  });
});

describe("identifier columns", () => {
  it("compare bytewise (collation C), so id order is ULID order and lookups avoid locale rules", async () => {
    const client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
    try {
      const { rows } = await client.query<{ col: string; collation: string | null }>(
        `SELECT c.table_name || '.' || c.column_name AS col, c.collation_name AS collation
           FROM information_schema.columns c
          WHERE c.table_schema = 'public' AND c.data_type = 'text' AND (c.column_name = 'id' OR c.column_name LIKE '%\\_id')
          ORDER BY 1`,
      );
      expect(rows.length).toBeGreaterThan(15);
      expect(rows.filter((r) => r.collation !== "C")).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
