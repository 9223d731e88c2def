import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AckedPublisher } from "../../src/nats/acked-publisher.ts";
import type { LocalServer } from "../../src/infra/local-servers.ts";
import { startNats } from "../harness/env.ts";

// The delivery jobs' publisher against a real nats-server: each publish resolves only on
// its own PubAck, and every way of not being stored is an error, never a silent success.
const TIMEOUT_MS = 300;
let server: LocalServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
let publisher: AckedPublisher;

beforeAll(async () => {
  server = await startNats();
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "ACKED", subjects: ["acked.>"] });
  publisher = new AckedPublisher(nc, TIMEOUT_MS);
});

afterAll(async () => {
  publisher?.close();
  await nc?.close();
  await server?.stop();
});

const stored = async () => (await jsm.streams.info("ACKED")).state.messages;

describe("AckedPublisher", () => {
  it("resolves each of many concurrent publishes once the stream has stored it", async () => {
    const n = 2_000;
    await Promise.all(Array.from({ length: n }, (_, i) => publisher.publish(`acked.m${i % 7}`, Buffer.from(`body ${i}`), headers(), `m-${i}`)));
    expect(await stored()).toBe(n);
    const last = await jsm.streams.getMessage("ACKED", { last_by_subj: "acked.m0" });
    expect(last?.string()).toMatch(/^body \d+$/);
  });

  it("resolves a repeat of a message id without storing it twice", async () => {
    const before = await stored();
    await publisher.publish("acked.dup", Buffer.from("once"), headers(), "dup-1");
    await publisher.publish("acked.dup", Buffer.from("once"), headers(), "dup-1");
    expect(await stored()).toBe(before + 1);
  });

  it("rejects a publish no stream takes", async () => {
    await expect(publisher.publish("nowhere.x", Buffer.from("x"), headers(), "n-1")).rejects.toThrow(/did not store/);
  });

  it("rejects a publish that is never acknowledged, after its timeout", async () => {
    const silent = nc.subscribe("silent.>");
    const started = Date.now();
    await expect(publisher.publish("silent.x", Buffer.from("x"), headers(), "s-1")).rejects.toThrow(/no PubAck/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
    silent.unsubscribe();
  });

  it("rejects what is still waiting when it closes", async () => {
    const own = new AckedPublisher(nc, 60_000);
    const silent = nc.subscribe("silent.>");
    const waiting = own.publish("silent.y", Buffer.from("y"), headers(), "s-2");
    own.close();
    await expect(waiting).rejects.toThrow(/closed/);
    silent.unsubscribe();
  });
});
