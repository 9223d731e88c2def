/** The longest run of live-feed work before the event loop is handed back. */
const SLICE_MS = 5;
let sliceStartedAt: number | undefined;

/**
 * Whether the current slice of live-feed work is used up. A subscription taking queued
 * notices gets each at once (a resolved promise), a socket that takes writes at once calls
 * back on the same tick, and a burst of frames is handled in one go: a hundred subscriptions
 * replaying their attempts ran as one block of the event loop, with /healthz and every other
 * request waiting 0.5 s behind it. A slice opens on the first call and closes at the next
 * turn of the event loop; work that finds it used up waits for a later turn.
 */
export function sliceUsedUp(): boolean {
  const now = performance.now();
  if (sliceStartedAt === undefined) {
    sliceStartedAt = now;
    setImmediate(() => (sliceStartedAt = undefined));
    return false;
  }
  return now - sliceStartedAt > SLICE_MS;
}

/** Resolves in a turn of the event loop whose slice has room. */
export async function awaitSlice(): Promise<void> {
  while (sliceUsedUp()) await new Promise((resolve) => setImmediate(resolve));
}
