import { nanos, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/app/herald.ts";
import { storeIngestBatch } from "../../src/store/events.ts";
import type { Rejection } from "../../src/store/rejected-messages.ts";
import { createLogger } from "../../src/log.ts";
import { EVENTS_STREAM, INGEST_ACK_WAIT_MS, INGEST_CONSUMER, MAX_EVENT_BYTES } from "../../src/nats/streams.ts";
import { connectNats } from "../../src/nats/connection.ts";
import { RejectedMessagesDocument } from "../generated/graphql.ts";
import { produce, produceRaw } from "../harness/fixtures.ts";
import { orgWithEndpoints } from "../harness/load.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import type { TestReceiver } from "../harness/receiver.ts";
import { eventually } from "../harness/wait.ts";

// SPEC §5: whatever a producer puts on events.>, ingest keeps it as a RejectedMessage with
// a reason, terminates it, and goes on consuming.
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;

beforeAll(async () => {
  stack = await startHeraldStack();
  ({ herald, receiver } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

const envelope = (org: string, fields: Record<string, unknown> = {}) => ({
  id: "evt_hostile",
  type: "x.y",
  timestamp: new Date().toISOString(),
  organizationId: org,
  data: { ok: true },
  ...fields,
});

describe("hostile NATS messages", () => {
  it("keeps each as a rejected message with its reason, and the consumer keeps delivering", async () => {
    const tenant = await orgWithEndpoints(`http://127.0.0.1:${herald.port}`, [receiver.url("/survivor")]);
    const org = tenant.id;
    const subject = `events.${org}.x.y`;
    const valid = Buffer.from(JSON.stringify(envelope(org, { data: { text: "café" } })));
    const cut = valid.indexOf(0xc3) + 1;
    const depth = 50_000;
    const cases: { name: string; subject?: string; body: Uint8Array; reason: RegExp }[] = [
      { name: "not JSON", body: Buffer.from("hello {"), reason: /not JSON/ },
      { name: "empty", body: Buffer.alloc(0), reason: /not JSON/ },
      { name: "JSON null", body: Buffer.from("null"), reason: /invalid envelope/ },
      { name: "truncated UTF-8", body: valid.subarray(0, cut), reason: /not valid UTF-8/ },
      {
        name: "wrong types",
        body: Buffer.from(JSON.stringify(envelope(org, { id: 42, type: ["x"], timestamp: true, data: "text" }))),
        reason: /invalid envelope: id .*type .*timestamp .*data/,
      },
      { name: "data is an array", body: Buffer.from(JSON.stringify(envelope(org, { data: [1, 2] }))), reason: /data must be a JSON object/ },
      { name: "type differs from subject", body: Buffer.from(JSON.stringify(envelope(org, { type: "other.type" }))), reason: /does not match the subject/ },
      { name: "1 MB", body: Buffer.alloc(1_000_000, 0x20), reason: new RegExp(`over the ${MAX_EVENT_BYTES}-byte limit`) },
      {
        name: "deep nesting",
        body: Buffer.from(
          `{"id":"evt_deep","type":"x.y","timestamp":"${new Date().toISOString()}","organizationId":"${org}","data":{"d":${"[".repeat(depth)}${"]".repeat(depth)}}}`,
        ),
        reason: /data must not nest objects and arrays more than 64 levels deep/,
      },
      {
        name: "unknown organization",
        subject: "events.org_nobody.x.y",
        body: Buffer.from(JSON.stringify(envelope("org_nobody"))),
        reason: /unknown organization org_nobody/,
      },
      // Looked up in Postgres, whose text cannot hold a NUL: it must not fail its whole batch.
      {
        name: "NUL in the organization",
        subject: "events.org_\u0000x.x.y",
        body: Buffer.from(JSON.stringify(envelope("org_\u0000x"))),
        reason: /subject events\.org_\uFFFDx\.x\.y is not events/,
      },
    ];
    const started = Date.now();
    for (const c of cases) await produceRaw(herald.services, c.subject ?? subject, c.body);
    // Over nats-server's max_payload (1 MB): refused at the door, so it is never accepted and cannot be lost.
    // From a connection of its own: nats-server closes the connection that sends it.
    const hostile = await connectNats(stack.servers.nats.url, createLogger("silent"), "hostile-producer");
    const tenMb = await hostile.js.publish(subject, Buffer.alloc(10 * 1024 * 1024, 0x7b)).then(
      () => "accepted",
      (err: Error) => err.message,
    );
    await hostile.close();
    await produce(herald.services, org, { id: "evt_after_abuse", type: "x.y" });
    await receiver.waitFor(() => receiver.on("/survivor").length === 1, 20_000);

    const rows = await eventually("every hostile message recorded", async () => {
      const r = await herald.services.db.prisma.rejectedMessage.findMany();
      return r.length >= cases.length ? r : undefined;
    });
    expect(rows).toHaveLength(cases.length);
    for (const c of cases) {
      const row = rows.find((r) => r.size === c.body.length && c.reason.test(r.reason));
      expect(row, `${c.name}: ${JSON.stringify(rows.map((r) => r.reason))}`).toBeDefined();
      expect(row!.organizationId, c.name).toBe(c.subject ? null : org);
    }
    expect(tenMb).toMatch(/max.?payload/i);
    const listed = await tenant.client.request(RejectedMessagesDocument, { first: 50 });
    expect(listed.rejectedMessages.edges).toHaveLength(cases.filter((c) => !c.subject).length);
    // Neither the accepted nor the rejected messages stay in the EVENTS stream.
    await eventually("EVENTS stream emptied", async () => (await herald.services.nats.jsm.streams.info("EVENTS")).state.messages === 0);
    console.log(
      `[abuse] nats: injected ${cases.length} hostile messages (${cases.map((c) => c.name).join(", ")}) + one 10 MB (${tenMb}) | rejected rows=${rows.length}, valid event after them delivered in ${Date.now() - started} ms`,
    );
  });
});

/**
 * Loses on its way to nats-server what Herald's connection says about the first delivery of
 * each EVENTS message (its ack, term or progress) and the delete of a message so left
 * unanswered, as when the worker dies right after its batch commits. JetStream then
 * redelivers the message. Returns the messages redelivered and terminated, and the undo.
 */
function loseFirstAnswers(nc: NatsConnection): { terminatedOnRedelivery: Set<number>; restore(): void } {
  type Publish = (subject: string, payload?: Uint8Array, options?: unknown) => void;
  // The connection's protocol handler is where both message acks and API requests leave.
  const protocol = (nc as unknown as { protocol: { publish: Publish } }).protocol;
  const publish = protocol.publish;
  const unanswered = new Set<number>();
  const terminatedOnRedelivery = new Set<number>();
  protocol.publish = function (subject, payload, options) {
    // $JS.ACK.[<domain>.<account>.]<stream>.<consumer>.<delivery count>.<stream sequence>.…
    const t = subject.split(".");
    if (t[0] === "$JS" && t[1] === "ACK") {
      if (t.length === 9) t.splice(2, 0, "_", "");
      const [stream, delivered, seq] = [t[4], Number(t[6]), Number(t[7])];
      if (stream === EVENTS_STREAM && delivered === 1) {
        unanswered.add(seq);
        return;
      }
      if (
        stream === EVENTS_STREAM &&
        Buffer.from(payload ?? [])
          .toString()
          .startsWith("+TERM")
      )
        terminatedOnRedelivery.add(seq);
    }
    if (subject.endsWith(`.STREAM.MSG.DELETE.${EVENTS_STREAM}`) && unanswered.delete(JSON.parse(Buffer.from(payload!).toString()).seq)) return;
    publish.call(this, subject, payload, options);
  };
  return { terminatedOnRedelivery, restore: () => void (protocol.publish = publish) };
}

describe("a rejected message redelivered (its term lost, or the worker dead before it)", () => {
  it("is recorded once however often its batch is stored", async () => {
    const rejection: Rejection = {
      organizationId: null,
      subject: "events.org_nobody.x.y",
      reason: "unknown organization org_nobody",
      excerpt: Buffer.from("{}"),
      size: 2,
      // Past 2^32: the sequence is a 64-bit number.
      streamSequence: 2 ** 40 + 7,
      publishedAt: "2026-11-24T01:00:00.123Z",
    };
    const pool = herald.services.db.pool;
    await storeIngestBatch(pool, [], [rejection]);
    await storeIngestBatch(pool, [], [rejection]);
    // Twice in one batch: the statement must not fail, or the batch's good events fail with it.
    await storeIngestBatch(pool, [], [rejection, rejection]);
    // A stream created anew numbers its messages from 1 again: a new message, not a repeat.
    const recreated = { ...rejection, publishedAt: "2026-11-25T08:00:00.000Z" };
    await storeIngestBatch(pool, [], [recreated]);

    const rows = await herald.services.db.prisma.rejectedMessage.findMany({
      where: { streamSequence: BigInt(rejection.streamSequence) },
      orderBy: { publishedAt: "asc" },
    });
    expect(rows.map((r) => r.publishedAt?.toISOString())).toEqual([rejection.publishedAt, recreated.publishedAt]);
  });

  it("through ingest: the redelivery is terminated and recorded once", async () => {
    const tenant = await orgWithEndpoints(`http://127.0.0.1:${herald.port}`, [receiver.url("/redelivered")]);
    const { jsm, nc } = herald.services.nats;
    // JetStream redelivers an unanswered message once its ack wait has passed.
    await jsm.consumers.update(EVENTS_STREAM, INGEST_CONSUMER, { ack_wait: nanos(1_000) });
    const lost = loseFirstAnswers(nc);
    try {
      const { seq } = await herald.services.nats.js.publish(`events.${tenant.id}.x.y`, Buffer.from("not an envelope"));
      await eventually("the redelivered message terminated", () => lost.terminatedOnRedelivery.has(seq));
      await eventually("EVENTS stream emptied", async () => (await jsm.streams.info(EVENTS_STREAM)).state.messages === 0);
      const rows = await herald.services.db.prisma.rejectedMessage.findMany({ where: { streamSequence: BigInt(seq) } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ organizationId: tenant.id, reason: expect.stringMatching(/not JSON/) });
      const listed = await tenant.client.request(RejectedMessagesDocument, { first: 50 });
      expect(listed.rejectedMessages.edges).toHaveLength(1);
    } finally {
      lost.restore();
      await jsm.consumers.update(EVENTS_STREAM, INGEST_CONSUMER, { ack_wait: nanos(INGEST_ACK_WAIT_MS) });
    }
  });
});
