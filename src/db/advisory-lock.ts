import type pg from "pg";

/**
 * Runs `fn` while this process holds the session-level advisory lock `key`, on a connection
 * of its own; another process holding it means `fn` does not run here (`ran: false`). The
 * lock goes with its connection, so a process that dies mid-run frees it for the others.
 */
export async function withAdvisoryLock<T>(pool: pg.Pool, key: bigint, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const client = await pool.connect();
  // A connection that failed a lock statement may still hold the lock: it is closed, not reused.
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
    throw err;
  };
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::int8) AS locked", [key.toString()]).catch(onError);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::int8)", [key.toString()]).catch((err: Error) => {
        broken = err;
      });
    }
  } finally {
    client.release(broken);
  }
}
