import type pg from "pg";
import { withClient } from "./checked-out.ts";

/**
 * Runs `fn` while this process holds the session-level advisory lock `key`, on a connection
 * of its own; another process holding it means `fn` does not run here (`ran: false`). The
 * lock goes with its connection, so a process that dies mid-run frees it for the others, and
 * a connection that fails (or whose unlock fails) is closed, which frees it too.
 */
export function withAdvisoryLock<T>(pool: pg.Pool, key: bigint, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  return withClient(pool, async (client) => {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::int8) AS locked", [key.toString()]);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::int8)", [key.toString()]);
    }
  });
}
