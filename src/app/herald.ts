import type { Logger } from "../log.ts";
import { buildApp } from "../server/app.ts";
import { frameAncestorsOf } from "../store/portal-sessions.ts";
import { createServices, type ServerConfig, type Services } from "./services.ts";
import { disableCompilationCache } from "./v8-flags.ts";
import { startWorkers } from "./workers.ts";

export interface RunningHerald {
  services: Services;
  port: number;
  /** The internal /metrics listener's port when METRICS_PORT is set. */
  metricsPort: number | undefined;
  stop(): Promise<void>;
}

/** Starts the roles the config asks for: api (HTTP + WebSocket), worker (consumers), or all. */
export async function startHerald(config: ServerConfig, log: Logger): Promise<RunningHerald> {
  disableCompilationCache();
  const services = await createServices(config, log);
  const metrics = services.metrics;
  const role = config.HERALD_ROLE;
  const workers = role === "api" ? undefined : await startWorkers(services, metrics);
  const app = buildApp(services, {
    graphql: role !== "worker",
    metrics,
    frameAncestors: (organizationId) => frameAncestorsOf(services.db.pool, organizationId),
  });
  const port = await app.start(config.PORT);
  log.info({ role, port }, "herald listening on http://%s:%d", config.HOST === "0.0.0.0" ? "localhost" : config.HOST, port);
  let stopping: Promise<void> | undefined;
  return {
    services,
    port,
    metricsPort: app.metricsPort(),
    stop() {
      // Order matters: stop taking new work, let in-flight attempts finish and flush, then close connections.
      stopping ??= (async () => {
        await app.stop();
        await workers?.stop();
        await services.close();
      })();
      return stopping;
    },
  };
}
