import { ConfigError, loadConfig, requireServers } from "./config/env.ts";
import { startHerald } from "./app/herald.ts";
import { createLogger } from "./log.ts";

async function main() {
  let config: ReturnType<typeof requireServers>;
  try {
    config = requireServers(loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const herald = await startHerald(config, log);
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

main().catch((err) => {
  console.error(`herald failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
