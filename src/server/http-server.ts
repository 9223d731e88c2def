import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "../config/env.ts";
import type { Logger } from "../log.ts";

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpServerDeps {
  config: Pick<Config, "HTTP_REQUEST_TIMEOUT_MS" | "HTTP_HEADERS_TIMEOUT_MS">;
  log: Logger;
}

/**
 * A Node HTTP server whose requests must arrive whole within HTTP_REQUEST_TIMEOUT_MS (headers
 * within HTTP_HEADERS_TIMEOUT_MS): a client trickling its body would otherwise hold a
 * connection for Node's default of 5 minutes, and more (321 s were seen).
 */
export function createHttpServer(deps: HttpServerDeps, handle: Handler): Server {
  const requestTimeout = deps.config.HTTP_REQUEST_TIMEOUT_MS;
  // Node refuses a headers timeout longer than the request's, which includes them.
  const headersTimeout = Math.min(deps.config.HTTP_HEADERS_TIMEOUT_MS, requestTimeout);
  const server = createServer(
    {
      requestTimeout,
      headersTimeout,
      // How often Node looks for requests past those timeouts: its default of 30 s would add up to that much.
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      handle(req, res).catch((err) => {
        deps.log.error({ err }, "request failed");
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    },
  );
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Resolves with the bound port (0 picks any free one). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(boundPort(server)));
  });
}

export function boundPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Stops accepting and resolves once in-flight requests are answered; idle keep-alive connections are closed at once. */
export function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
