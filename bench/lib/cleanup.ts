// Everything the bench starts is registered here, so that it is stopped on a normal end,
// on an error, and on Ctrl-C / SIGTERM. The last resort (`process.on("exit")`) can only do
// synchronous work: it SIGKILLs what is left, and stops PostgreSQL through its postmaster.pid.

export interface Owned {
  name: string;
  /** Graceful stop; awaited. */
  stop(): Promise<void>;
  /** Synchronous last resort. */
  killNow(): void;
}

const owned: Owned[] = [];
let cleaning: Promise<void> | undefined;

export function own(thing: Owned): Owned {
  owned.push(thing);
  return thing;
}

export function disown(thing: Owned): void {
  const i = owned.indexOf(thing);
  if (i >= 0) owned.splice(i, 1);
}

/** Stops everything still owned, newest first (workers before the servers they use). */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    while (owned.length > 0) {
      const thing = owned.pop()!;
      try {
        await withTimeout(thing.stop(), 10_000);
      } catch {
        try {
          thing.killNow();
        } catch {
          // already gone
        }
      }
    }
  })();
  return cleaning;
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ctrl-C, SIGTERM, uncaught errors and plain exits all end with nothing left running. */
export function installCleanupHandlers(log: (s: string) => void): void {
  let interrupted = false;
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      if (interrupted) {
        // A second Ctrl-C: do not wait any longer.
        process.exit(130);
      }
      interrupted = true;
      log(`\n${sig}: stopping every process the bench started…`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
  process.on("uncaughtException", (err) => {
    log(`bench failed: ${err.stack ?? err.message}`);
    void cleanupAll().finally(() => process.exit(1));
  });
  process.on("unhandledRejection", (err) => {
    log(`bench failed (unhandled rejection): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void cleanupAll().finally(() => process.exit(1));
  });
  process.on("exit", () => {
    for (const thing of owned.splice(0).reverse()) {
      try {
        thing.killNow();
      } catch {
        // already gone
      }
    }
  });
}
