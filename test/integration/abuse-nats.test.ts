import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHerald } from "../../src/herald.ts";
import { createLogger } from "../../src/log.ts";
import { MAX_EVENT_BYTES } from "../../src/nats/streams.ts";
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

const envelope = (org: string, fields: Record<string, unknown> = {}) =>
  ({ id: "evt_hostile", type: "x.y", timestamp: new Date().toISOString(), organizationId: org, data: { ok: true }, ...fields });

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
      { name: "wrong types", body: Buffer.from(JSON.stringify(envelope(org, { id: 42, type: ["x"], timestamp: true, data: "text" }))), reason: /invalid envelope: id .*type .*timestamp .*data/ },
      { name: "data is an array", body: Buffer.from(JSON.stringify(envelope(org, { data: [1, 2] }))), reason: /data must be a JSON object/ },
      { name: "type differs from subject", body: Buffer.from(JSON.stringify(envelope(org, { type: "other.type" }))), reason: /does not match the subject/ },
      { name: "1 MB", body: Buffer.alloc(1_000_000, 0x20), reason: new RegExp(`over the ${MAX_EVENT_BYTES}-byte limit`) },
      {
        name: "deep nesting",
        body: Buffer.from(`{"id":"evt_deep","type":"x.y","timestamp":"${new Date().toISOString()}","organizationId":"${org}","data":{"d":${"[".repeat(depth)}${"]".repeat(depth)}}}`),
        reason: /data must not nest objects and arrays more than 64 levels deep/,
      },
      { name: "unknown organization", subject: "events.org_nobody.x.y", body: Buffer.from(JSON.stringify(envelope("org_nobody"))), reason: /unknown organization org_nobody/ },
      // Looked up in Postgres, whose text cannot hold a NUL: it must not fail its whole batch.
      { name: "NUL in the organization", subject: "events.org_\u0000x.x.y", body: Buffer.from(JSON.stringify(envelope("org_\u0000x"))), reason: /subject events\.org_\uFFFDx\.x\.y is not events/ },
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
