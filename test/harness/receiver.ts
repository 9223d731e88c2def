import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  receivedAt: number;
}

export type Responder = (req: ReceivedRequest, index: number) => { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } | "hang";

/**
 * A real HTTP server on loopback that records every request and answers as told.
 * Paths separate endpoints: /a, /b… each gets its own log.
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  private responders = new Map<string, Responder>();
  private waiters: (() => void)[] = [];
  private server: Server;
  port = 0;

  constructor(private defaultResponder: Responder = () => ({ status: 200, body: "ok" })) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const path = req.url ?? "/";
        const entry: ReceivedRequest = { path, headers: req.headers, body: Buffer.concat(chunks), receivedAt: Date.now() };
        const index = this.requests.filter((r) => r.path === path).length;
        this.requests.push(entry);
        for (const w of this.waiters.splice(0)) w();
        const answer = (this.responders.get(path) ?? this.defaultResponder)(entry, index);
        if (answer === "hang") return;
        setTimeout(() => {
          res.writeHead(answer.status, answer.headers ?? {});
          res.end(answer.body ?? "");
        }, answer.delayMs ?? 0);
      });
    });
    this.server.keepAliveTimeout = 60_000;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  respond(path: string, responder: Responder): void {
    this.responders.set(path, responder);
  }

  on(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Resolves once `predicate` holds over the requests received so far. */
  async waitFor(predicate: (reqs: ReceivedRequest[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.requests)) {
      if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms (${this.requests.length} requests)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
