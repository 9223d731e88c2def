import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Webhook } from "standardwebhooks";
import { CONTRACT_RECEIVERS } from "../src/infra/contract-receivers.ts";
import type { ReceiverCommand, ReceiverContract, ReceiverKey, ReceiverReply, ReceiverStats } from "./lib/receiver-protocol.ts";

// The benchmark's webhook receiver, run as its own OS process (`node --import tsx bench/receiver.ts`)
// so that its CPU is not counted against the sender. It listens on several loopback ports
// (one origin per endpoint, as in production) and answers by path:
//   /v/<key>     verify the signature with the key's secret, then answer by the key's mode
//   /bare        answer 200 without looking at anything (the unsigned ceiling)
// Every signature is checked with node:crypto HMAC-SHA256 + timingSafeEqual in the key's
// contract: Standard Webhooks (the check the `standardwebhooks` package does) or, for issue #18's
// formats, the platform's headers. One request in SAMPLE_EVERY is also verified by the reference
// receiver (the unmodified `standardwebhooks` package, or the contract's receiver from
// src/infra/contract-receivers.ts) to prove the two agree. The reference receivers parse and
// re-serialise bodies; every request doing that would charge the receiver's CPU (which shares
// the machine with Herald) to some formats and not others, and skew the bench's format ratios.

const SAMPLE_EVERY = 200;
const TOLERANCE_S = 5 * 60;

type Check = (req: IncomingMessage, body: Buffer) => boolean;

interface KeyState {
  config: ReceiverKey;
  fast: Check;
  reference: Check;
}

/** The header carrying the id a repeated delivery repeats: one delivery per event in every scenario. */
const ID_HEADER: Record<ReceiverContract, string> = {
  standard: "webhook-id",
  svix: "svix-id",
  fanfare: "x-fanfare-delivery-id",
  venue: "x-herald-delivery-id",
  comps: "x-herald-delivery-id",
};

interface StandardNames {
  id: string;
  timestamp: string;
  signature: string;
}

const STANDARD_NAMES: StandardNames = { id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" };
const SVIX_NAMES: StandardNames = { id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" };

/** A platform's hex HMAC header: keyed with the secret string, over the body or `<timestamp>.<body>`. */
interface HexContract {
  signature: string;
  prefix: string;
  /** Set when the timestamp header's value and a dot are signed before the body. */
  signedTimestamp?: string;
}

const HEX_CONTRACTS: Record<"fanfare" | "venue" | "comps", HexContract> = {
  fanfare: { signature: "x-fanfare-signature", prefix: "sha256=", signedTimestamp: "x-fanfare-timestamp" },
  venue: { signature: "x-webhook-signature", prefix: "" },
  comps: { signature: "x-comps-signature", prefix: "" },
};

const keys = new Map<string, KeyState>();
let stats = emptyStats();
let latencies: number[] = [];
let seen = 0;
const hanging = new Set<ServerResponse>();

function emptyStats(): ReceiverStats {
  return { received: {}, verified: 0, badSignature: 0, unknownKey: 0, sampledWithLibrary: 0, libraryDisagreed: 0, duplicates: 0, bare: 0 };
}

const ids = new Map<string, Set<string>>();

/** The wall clock with sub-millisecond resolution; both sides of a latency use it. */
const nowMs = () => performance.timeOrigin + performance.now();

function verifyStandard(key: Buffer, names: StandardNames, req: IncomingMessage, body: Buffer): boolean {
  const id = req.headers[names.id];
  const ts = req.headers[names.timestamp];
  const sigHeader = req.headers[names.signature];
  if (typeof id !== "string" || typeof ts !== "string" || typeof sigHeader !== "string") return false;
  const tsNum = Number(ts);
  if (!Number.isInteger(tsNum) || Math.abs(Date.now() / 1000 - tsNum) > TOLERANCE_S) return false;
  const expected = createHmac("sha256", key).update(`${id}.${ts}.`).update(body).digest();
  for (const part of sigHeader.split(" ")) {
    const [version, sig] = part.split(",");
    if (version !== "v1" || !sig) continue;
    const got = Buffer.from(sig, "base64");
    if (got.length === expected.length && timingSafeEqual(got, expected)) return true;
  }
  return false;
}

function verifyHex(key: Buffer, contract: HexContract, req: IncomingMessage, body: Buffer): boolean {
  const sigHeader = req.headers[contract.signature];
  if (typeof sigHeader !== "string" || !sigHeader.startsWith(contract.prefix)) return false;
  const hmac = createHmac("sha256", key);
  if (contract.signedTimestamp) {
    const ts = req.headers[contract.signedTimestamp];
    if (typeof ts !== "string") return false;
    hmac.update(`${ts}.`);
  }
  const expected = hmac.update(body).digest();
  const got = Buffer.from(sigHeader.slice(contract.prefix.length), "hex");
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** The fast check; one request in SAMPLE_EVERY also goes through the reference receiver, and any disagreement is counted. */
function verifyAndSample(state: KeyState, req: IncomingMessage, body: Buffer): boolean {
  const ok = state.fast(req, body);
  if (++seen % SAMPLE_EVERY === 0) {
    stats.sampledWithLibrary++;
    if (state.reference(req, body) !== ok) stats.libraryDisagreed++;
  }
  return ok;
}

function keyState(config: ReceiverKey): KeyState {
  const { secret, contract = "standard" } = config;
  if (contract === "standard" || contract === "svix") {
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const names = contract === "svix" ? SVIX_NAMES : STANDARD_NAMES;
    const fast: Check = (req, body) => verifyStandard(key, names, req, body);
    if (contract === "svix") return { config, fast, reference: (req, body) => CONTRACT_RECEIVERS.svix.verify(req.headers, body, secret).ok };
    const webhook = new Webhook(secret);
    return { config, fast, reference: (req, body) => libraryVerifies(webhook, req, body) };
  }
  // The platforms' receivers key their HMAC with the secret string they hold.
  const key = Buffer.from(secret, "utf8");
  const hex = HEX_CONTRACTS[contract];
  const receiver = CONTRACT_RECEIVERS[contract];
  return { config, fast: (req, body) => verifyHex(key, hex, req, body), reference: (req, body) => receiver.verify(req.headers, body, secret).ok };
}

function libraryVerifies(webhook: Webhook, req: IncomingMessage, body: Buffer): boolean {
  try {
    webhook.verify(body.toString("utf8"), req.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

/** Counts a verified request: per key, as a duplicate webhook-id, and its latency, as the key asks. */
function record(name: string, state: KeyState, req: IncomingMessage, body: Buffer): void {
  stats.verified++;
  stats.received[name] = (stats.received[name] ?? 0) + 1;
  if (state.config.trackDuplicates) {
    const id = req.headers[ID_HEADER[state.config.contract ?? "standard"]] as string;
    let set = ids.get(name);
    if (!set) ids.set(name, (set = new Set()));
    if (set.has(id)) stats.duplicates++;
    else set.add(id);
  }
  if (state.config.trackLatency) {
    const at = nowMs();
    try {
      const sentAt = (JSON.parse(body.toString("utf8")) as { data?: { sentAt?: number } }).data?.sentAt;
      if (typeof sentAt === "number") latencies.push(at - sentAt);
    } catch {
      // not a bench envelope
    }
  }
}

function answer(mode: ReceiverKey["mode"], res: ServerResponse): void {
  switch (mode) {
    case "hang":
      // Never answer: the sender's timeout ends it.
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    case "fail":
      res.writeHead(503, { "content-length": "11" });
      res.end("unavailable");
      return;
    default:
      res.writeHead(200, { "content-length": "2" });
      res.end("ok");
  }
}

function respond(req: IncomingMessage, res: ServerResponse, chunks: Buffer[]): void {
  const url = req.url ?? "/";
  if (url === "/bare") {
    stats.bare++;
    res.writeHead(200, { "content-length": "2" });
    res.end("ok");
    return;
  }
  const name = url.startsWith("/v/") ? url.slice(3) : "";
  const state = keys.get(name);
  if (!state) {
    stats.unknownKey++;
    res.writeHead(404);
    res.end();
    return;
  }
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  if (!verifyAndSample(state, req, body)) {
    stats.badSignature++;
    res.writeHead(401);
    res.end("bad signature");
    return;
  }
  record(name, state, req, body);
  answer(state.config.mode, res);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => respond(req, res, chunks));
}

const servers: Server[] = [];

async function listen(ports: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < ports; i++) {
    const server = createServer({ keepAliveTimeout: 60_000 }, handle);
    server.keepAliveTimeout = 60_000;
    server.headersTimeout = 0;
    server.requestTimeout = 0;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    out.push((server.address() as AddressInfo).port);
  }
  return out;
}

function reply(msg: ReceiverReply): void {
  process.send?.(msg);
}

process.on("message", (raw) => {
  const cmd = raw as ReceiverCommand;
  void (async () => {
    switch (cmd.type) {
      case "listen":
        reply({ type: "listening", seq: cmd.seq, ports: await listen(cmd.ports) });
        break;
      case "keys":
        for (const k of cmd.keys) keys.set(k.name, keyState(k));
        reply({ type: "ok", seq: cmd.seq });
        break;
      case "stats": {
        const out: ReceiverReply = { type: "stats", seq: cmd.seq, stats, latencies: cmd.takeLatencies ? latencies : [] };
        if (cmd.takeLatencies) latencies = [];
        if (cmd.reset) {
          stats = emptyStats();
          ids.clear();
        }
        reply(out);
        break;
      }
      case "drop-hanging":
        for (const res of hanging) res.destroy();
        hanging.clear();
        reply({ type: "ok", seq: cmd.seq });
        break;
    }
  })();
});

// The bench owns this process: when it goes away (even by SIGKILL) the IPC channel closes.
process.on("disconnect", () => process.exit(0));
for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => process.exit(0));
reply({ type: "ready", seq: 0 });
