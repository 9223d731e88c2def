/** Thrown by a check when what it awaits can no longer come: `eventually` stops at once with it. */
export class GiveUp extends Error {}

/** Polls until `check` returns a truthy value; the failure message says what was awaited. */
export async function eventually<T>(
  what: string | (() => string),
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      last = err;
    }
    if (Date.now() > deadline) {
      const awaited = typeof what === "string" ? what : what();
      throw new Error(`timed out waiting for ${awaited}${last ? `: ${String(last)}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
