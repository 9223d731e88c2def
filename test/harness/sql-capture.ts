import type pg from "pg";

/** The text of every statement `run` sends through `pool` (Prisma's adapter and Herald's own SQL alike). */
export async function capturedStatements(pool: pg.Pool, run: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const original = pool.query.bind(pool);
  pool.query = ((config: string | pg.QueryConfig, ...rest: unknown[]) => {
    statements.push(typeof config === "string" ? config : config.text);
    return (original as (...a: unknown[]) => unknown)(config, ...rest);
  }) as typeof pool.query;
  try {
    await run();
  } finally {
    pool.query = original;
  }
  return statements;
}
