import { spawn, type ChildProcess } from "node:child_process";
import { own, disown } from "./cleanup.ts";
import { REPO_ROOT } from "./infra.ts";
import type { ReceiverCommand, ReceiverKey, ReceiverReply, ReceiverStats } from "./receiver-protocol.ts";

type Pending = { resolve: (r: ReceiverReply) => void; reject: (e: Error) => void };

/** The receiver child process (bench/receiver.ts), driven over IPC. */
export class Receiver {
  private seq = 0;
  private pending = new Map<number, Pending>();
  ports: number[] = [];

  private constructor(readonly child: ChildProcess) {
    child.on("message", (raw) => {
      const msg = raw as ReceiverReply;
      const p = this.pending.get(msg.seq);
      if (p) {
        this.pending.delete(msg.seq);
        p.resolve(msg);
      }
    });
    child.once("exit", (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`receiver exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(ports: number): Promise<Receiver> {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/receiver.ts"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { PATH: process.env.PATH!, NODE_ENV: "production" },
    });
    const owned = own({
      name: "receiver",
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((r) => child.once("exit", () => r()));
        child.kill("SIGTERM");
        await exited;
      },
      killNow: () => child.kill("SIGKILL"),
    });
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => {
        disown(owned);
        reject(new Error(`receiver exited with ${code} before it was ready`));
      });
    });
    const r = new Receiver(child);
    const reply = await r.call({ type: "listen", seq: 0, ports });
    if (reply.type !== "listening") throw new Error("receiver did not listen");
    r.ports = reply.ports;
    return r;
  }

  private call(cmd: ReceiverCommand): Promise<ReceiverReply> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.child.send({ ...cmd, seq });
    });
  }

  /** Listens on more ports, if needed, so that origins 0..count-1 each have their own; existing origins keep their ports. */
  async ensurePorts(count: number): Promise<void> {
    if (this.ports.length >= count) return;
    const reply = await this.call({ type: "listen", seq: 0, ports: count - this.ports.length });
    if (reply.type !== "listening") throw new Error("receiver did not listen");
    this.ports.push(...reply.ports);
  }

  /** The URL of key `name` on the i-th origin. */
  url(i: number, name: string): string {
    return `http://127.0.0.1:${this.ports[i % this.ports.length]}/v/${encodeURIComponent(name)}`;
  }

  bareUrl(i: number): string {
    return `http://127.0.0.1:${this.ports[i % this.ports.length]}/bare`;
  }

  async addKeys(keys: ReceiverKey[]): Promise<void> {
    await this.call({ type: "keys", seq: 0, keys });
  }

  async stats(opts: { reset?: boolean; takeLatencies?: boolean } = {}): Promise<{ stats: ReceiverStats; latencies: number[] }> {
    const reply = await this.call({ type: "stats", seq: 0, ...opts });
    if (reply.type !== "stats") throw new Error("unexpected receiver reply");
    return { stats: reply.stats, latencies: reply.latencies };
  }

  async dropHanging(): Promise<void> {
    await this.call({ type: "drop-hanging", seq: 0 });
  }
}
