import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeEnvelope } from "../../src/rules/envelope.ts";
import type { RunningHerald } from "../../src/app/herald.ts";
import { EVENTS_STREAM, MAX_EVENT_BYTES } from "../../src/nats/streams.ts";
import { EventDocument, PublishEventDocument, RejectedMessagesDocument } from "../generated/graphql.ts";
import { produce } from "../harness/fixtures.ts";
import type { GraphQLClient } from "../harness/graphql-client.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { orgWithEndpoints } from "../harness/load.ts";
import type { TestReceiver } from "../harness/receiver.ts";

// Issue 15 row 8: publishEvent took data over the 256 KiB ingest limit and answered with an
// event that ingest then refused, so the id the caller got back was NOT_FOUND. The limit is
// now checked on the exact bytes that would be published, before anything is.
let stack: HeraldStack;
let herald: RunningHerald;
let receiver: TestReceiver;
let org: { id: string; client: GraphQLClient };

beforeAll(async () => {
  stack = await startHeraldStack();
  ({ herald, receiver } = stack);
  org = await orgWithEndpoints(`http://127.0.0.1:${herald.port}`, [receiver.url("/size")]);
});

afterAll(async () => {
  await stack?.stop();
});

const TIMESTAMP = "2026-12-06T00:00:00.000Z";
const publishedSoFar = async () => (await herald.services.nats.jsm.streams.info(EVENTS_STREAM)).state.last_seq;

/** Data of one string field sized so that its envelope is exactly `bytes` long. */
function dataForEnvelopeOf(bytes: number, id: string, type: string): Record<string, string> {
  const overhead = encodeEnvelope({ id, type, timestamp: TIMESTAMP, organizationId: org.id, data: { blob: "" } }).length;
  return { blob: "x".repeat(bytes - overhead) };
}

async function expectRefused(input: { id: string; type: string; data: unknown; timestamp?: string }, path: string[], message: RegExp) {
  const error = await org.client.fail("BAD_USER_INPUT", PublishEventDocument, { input: { timestamp: TIMESTAMP, ...input } });
  expect(error.extensions?.issues).toEqual([{ path, message: expect.stringMatching(message) }]);
  await org.client.fail("NOT_FOUND", EventDocument, { id: input.id });
}

describe("publishEvent and the event size limit", () => {
  it("refuses oversize data with BAD_USER_INPUT before publishing, and delivers data just under the limit", async () => {
    const before = await publishedSoFar();
    const limit = new RegExp(`^the event is \\d+ bytes as published .* over the ${MAX_EVENT_BYTES}-byte \\(256 KiB\\) limit$`);
    await expectRefused({ id: "evt_300kb", type: "size.test", data: { blob: "x".repeat(300_000) } }, ["input", "data"], limit);
    // 140,000 characters but 280,000 bytes as UTF-8: the limit is on bytes.
    await expectRefused({ id: "evt_wide", type: "size.test", data: { blob: "é".repeat(140_000) } }, ["input", "data"], limit);
    await expectRefused(
      { id: "evt_one_over", type: "size.test", data: dataForEnvelopeOf(MAX_EVENT_BYTES + 1, "evt_one_over", "size.test") },
      ["input", "data"],
      limit,
    );
    expect(await publishedSoFar()).toBe(before);

    const data = dataForEnvelopeOf(MAX_EVENT_BYTES, "evt_at_limit", "size.test");
    const { publishEvent } = await org.client.request(PublishEventDocument, { input: { id: "evt_at_limit", type: "size.test", data, timestamp: TIMESTAMP } });
    expect(Buffer.byteLength(publishEvent.payload ?? "")).toBe(MAX_EVENT_BYTES);
    await receiver.waitFor(() => receiver.on("/size").length === 1);
    expect(receiver.on("/size")[0]!.body).toHaveLength(MAX_EVENT_BYTES);
    expect((await org.client.request(EventDocument, { id: "evt_at_limit" })).event?.id).toBe("evt_at_limit");
    expect(await publishedSoFar()).toBe(before + 1);
    expect((await org.client.request(RejectedMessagesDocument, { first: 10 })).rejectedMessages.edges).toEqual([]);
  });

  it("refuses an over-long type or id and a timestamp the event log cannot store, naming the field", async () => {
    const before = await publishedSoFar();
    await expectRefused({ id: "evt_long_type", type: "t".repeat(129), data: {} }, ["input", "type"], /128/);
    const error = await org.client.fail("BAD_USER_INPUT", PublishEventDocument, { input: { id: "i".repeat(129), type: "size.test", data: {} } });
    expect(error.extensions?.issues).toEqual([{ path: ["input", "id"], message: "must be 1–128 characters of A-Za-z0-9_-" }]);
    await expectRefused(
      { id: "evt_year_zero", type: "size.test", data: {}, timestamp: "0000-06-01T00:00:00.000Z" },
      ["input", "timestamp"],
      /years 0001 to 9999/,
    );
    await expectRefused({ id: "evt_year_10000", type: "size.test", data: {}, timestamp: "+010000-01-01T00:00:00.000Z" }, ["input", "timestamp"], /ISO-8601/);
    expect(await publishedSoFar()).toBe(before);
  });

  it("keeps a year-0000 event from a NATS producer as a rejected message; the events after it are delivered", async () => {
    await produce(herald.services, org.id, { id: "evt_nats_year_zero", type: "size.test", timestamp: "0000-06-01T00:00:00+01:00" });
    await produce(herald.services, org.id, { id: "evt_after_year_zero", type: "size.test" });
    await receiver.waitFor(() => receiver.on("/size").some((r) => r.body.includes("evt_after_year_zero")));
    // The two may be pulled in different batches: the later one can be delivered before the first's batch is stored one event at a time.
    const reasons = async () => (await org.client.request(RejectedMessagesDocument, { first: 10 })).rejectedMessages.edges.map((e) => e.node.reason);
    await expect.poll(reasons, { timeout: 10_000 }).toEqual([expect.stringMatching(/timestamp must be in the years 0001 to 9999/)]);
    await org.client.fail("NOT_FOUND", EventDocument, { id: "evt_nats_year_zero" });
  });
});
