import type pg from "pg";

/**
 * Runs `fn` on a client of its own from the pool. While a client is checked out the pool does
 * not listen for its errors, and an 'error' event nobody listens for (the server going away
 * mid-session) would end the process; here it fails `fn`'s queries instead. A client that saw
 * such an error, or whose `fn` threw, is closed rather than given back: its session may be
 * in any state (a transaction open, a lock held).
 */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on("error", onError);
  try {
    return await fn(client);
  } catch (err) {
    broken ??= err as Error;
    throw err;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}
