import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A receiver below HTTP, for what a well-behaved server never does: `silent` accepts the
 * TCP connection and never reads or answers; `huge` answers 200 with a body of `hugeBytes`
 * streamed as fast as the client takes it. Counts connections and bytes actually sent.
 */
export class RawReceiver {
  connections = 0;
  bytesSent = 0;
  private sockets = new Set<Socket>();
  private server: Server;
  port = 0;

  constructor(
    private mode: "silent" | "huge",
    private hugeBytes = 100 * 1024 * 1024,
  ) {
    this.server = createServer((socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => {});
      if (this.mode === "huge") socket.once("data", () => this.sendHuge(socket));
    });
  }

  private sendHuge(socket: Socket): void {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${this.hugeBytes}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let left = this.hugeBytes;
    const pump = () => {
      while (left > 0 && !socket.destroyed) {
        const n = Math.min(chunk.length, left);
        left -= n;
        this.bytesSent += n;
        if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          socket.once("drain", pump);
          return;
        }
      }
    };
    pump();
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string, scheme = "http", host = "127.0.0.1"): string {
    return `${scheme}://${host}:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
