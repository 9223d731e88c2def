import { startHerald, type RunningHerald } from "./app/herald.ts";
import { ConfigError, loadConfig, requireServers } from "./config/env.ts";
import { createLogger, type Logger } from "./log.ts";

/** The environment's config, or exit 78 (EX_CONFIG) naming what is wrong. */
function configOrExit(): ReturnType<typeof requireServers> {
  try {
    return requireServers(loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
}

/** SIGTERM or SIGINT stops Herald in order; a stop that hangs for 30 s ends the process anyway. */
function stopOnSignals(herald: RunningHerald, log: Logger): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      log.info({ signal }, "shutting down");
      const force = setTimeout(() => process.exit(1), 30_000);
      force.unref();
      herald.stop().then(
        () => process.exit(0),
        (err) => {
          log.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}

async function main() {
  const config = configOrExit();
  const log = createLogger(config.LOG_LEVEL);
  stopOnSignals(await startHerald(config, log), log);
}

main().catch((err) => {
  console.error(`herald failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
