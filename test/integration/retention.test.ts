import { ulid } from "ulidx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "../../src/db/client.ts";
import { createLogger } from "../../src/log.ts";
import { RETENTION_LOCK_KEY, type RetentionSettings, runRetentionPass, startRetention } from "../../src/workers/retention.ts";
import {
  CreateEndpointDocument,
  PublishEventDocument,
  RetentionEventDocument,
  RetentionOrganizationDocument,
  RetentionRedeliverDocument,
  RetentionRejectedMessagesDocument,
  RetentionReplayDocument,
  RetentionUpdateOrganizationDocument,
} from "../generated/graphql.ts";
import { startHeraldStack, type HeraldStack } from "../harness/herald-stack.ts";
import { createTestOrg, type TestOrg } from "../harness/orgs.ts";
import { eventually } from "../harness/wait.ts";

// Issue #19 part 6: old attempts, payloads and rejected messages go in bounded batches, each
// organization by its own retention (A: 7 days, B: the service's 30), what is gone shows as
// such over GraphQL, nothing tries to send an expired payload, and one pass runs at a time.
// Old rows are backdated (old ULIDs and created_at) rather than waited for.

const DAY = 86_400_000;
const BATCH = 50;
const SETTINGS: RetentionSettings = { attemptDays: 30, payloadDays: 30, rejectedDays: 30, batchSize: BATCH, pauseMs: 5 };
const log = createLogger("silent");

let stack: HeraldStack;
let db: Database;
let a: TestOrg;
let b: TestOrg;
const endpoints = new Map<string, string>();

beforeAll(async () => {
  // The stack's own job stays off: the tests run passes themselves.
  stack = await startHeraldStack({ RETENTION_INTERVAL_SECONDS: "0" });
  db = stack.herald.services.db;
  const url = `http://127.0.0.1:${stack.herald.port}/graphql`;
  [a, b] = [await createTestOrg(url, "A"), await createTestOrg(url, "B")];
  for (const org of [a, b]) {
    const { createEndpoint } = await org.client.request(CreateEndpointDocument, { input: { url: stack.receiver.url(`/${org.id}`), eventTypes: ["*"] } });
    endpoints.set(org.id, createEndpoint.id);
  }
});

afterAll(async () => {
  await stack?.stop();
});

const idAt = (prefix: string, ms: number) => `${prefix}_${ulid(ms)}`;

/**
 * `n` events of `org` stored `days` ago, each with a SUCCEEDED delivery to the org's endpoint
 * and `attemptsEach` attempts, all with ids and created_at of that time. Returns the event ids.
 */
async function seedOld(org: TestOrg, days: number, n: number, attemptsEach: number): Promise<string[]> {
  const at = Date.now() - days * DAY;
  const endpointId = endpoints.get(org.id)!;
  const events = Array.from({ length: n }, (_, i) => ({ id: `evt_${org.id}_${days}d_${i}`, dlv: idAt("dlv", at + i), at: new Date(at + i) }));
  await db.pool.query(
    `INSERT INTO events (organization_id, id, type, timestamp, payload, endpoint_ids, created_at)
     SELECT $1, e.id, 'order.created', e.at, convert_to('{"id":"' || e.id || '","data":{"n":1}}', 'UTF8'), ARRAY[$2], e.at
       FROM unnest($3::text[], $4::timestamptz[]) AS e(id, at)`,
    [org.id, endpointId, events.map((e) => e.id), events.map((e) => e.at)],
  );
  await db.pool.query(
    `INSERT INTO deliveries (id, organization_id, event_id, endpoint_id, event_type, status, attempt_count, run_id, created_at, updated_at)
     SELECT d.id, $1, d.event, $2, 'order.created', 'SUCCEEDED', $5, d.id, d.at, d.at
       FROM unnest($3::text[], $4::text[], $6::timestamptz[]) AS d(id, event, at)`,
    [org.id, endpointId, events.map((e) => e.dlv), events.map((e) => e.id), attemptsEach, events.map((e) => e.at)],
  );
  const attempts = events.flatMap((e, i) =>
    Array.from({ length: attemptsEach }, (_, k) => ({ ...e, att: idAt("att", at + i * attemptsEach + k), num: k + 1 })),
  );
  await db.pool.query(
    `INSERT INTO delivery_attempts (id, delivery_id, organization_id, endpoint_id, event_id, attempt_number, trigger, response_status, duration_ms, created_at)
     SELECT t.id, t.dlv, $1, $2, t.event, t.num, 'INITIAL', 200, 5, t.at
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[]) AS t(id, dlv, event, num, at)`,
    [
      org.id,
      endpointId,
      attempts.map((t) => t.att),
      attempts.map((t) => t.dlv),
      attempts.map((t) => t.id),
      attempts.map((t) => t.num),
      attempts.map((t) => t.at),
    ],
  );
  return events.map((e) => e.id);
}

async function seedRejected(org: TestOrg, days: number, n: number): Promise<void> {
  const at = Date.now() - days * DAY;
  const ids = Array.from({ length: n }, (_, i) => idAt("rej", at + i));
  await db.pool.query(
    `INSERT INTO rejected_messages (id, organization_id, subject, reason, excerpt, size, received_at)
     SELECT r.id, $1, 'events.x', 'seeded', '\\x00'::bytea, 1, $3 FROM unnest($2::text[]) AS r(id)`,
    [org.id, ids, new Date(at)],
  );
}

const count = async (sql: string, values: unknown[]) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, values)).rows[0]!.n;
const attemptsOf = (org: TestOrg) => count("delivery_attempts WHERE organization_id = $1", [org.id]);
const expiredOf = (org: TestOrg) => count("events WHERE organization_id = $1 AND payload_expired_at IS NOT NULL", [org.id]);
const rejectedOf = (org: TestOrg) => count("rejected_messages WHERE organization_id = $1", [org.id]);
const oldAttemptsOf = (org: TestOrg) => count("delivery_attempts WHERE organization_id = $1 AND created_at < now() - interval '7 days'", [org.id]);

describe("retention", () => {
  let aOld: string[];
  let bOld: string[];
  let bAncient: string[];
  let freshEventId: string;

  it("sets and shows an organization's retention, null being the service default, and refuses days out of bounds", async () => {
    const before = (await a.client.request(RetentionOrganizationDocument)).viewer.organization;
    expect(before).toMatchObject({ attemptRetentionDays: null, payloadRetentionDays: null });
    const { updateOrganization } = await a.client.request(RetentionUpdateOrganizationDocument, { input: { attemptRetentionDays: 7, payloadRetentionDays: 7 } });
    expect(updateOrganization).toMatchObject({ attemptRetentionDays: 7, payloadRetentionDays: 7 });
    const err = await a.client.fail("BAD_USER_INPUT", RetentionUpdateOrganizationDocument, { input: { attemptRetentionDays: 0, payloadRetentionDays: 3651 } });
    expect(err.extensions?.issues?.map((i) => i.path.join("."))).toEqual(["input.attemptRetentionDays", "input.payloadRetentionDays"]);
    expect((await a.client.request(RetentionOrganizationDocument)).viewer.organization).toMatchObject({ attemptRetentionDays: 7, payloadRetentionDays: 7 });
    const cleared = await b.client.request(RetentionUpdateOrganizationDocument, { input: { attemptRetentionDays: 90 } });
    expect(cleared.updateOrganization.attemptRetentionDays).toBe(90);
    const reset = await b.client.request(RetentionUpdateOrganizationDocument, { input: { attemptRetentionDays: null } });
    expect(reset.updateOrganization.attemptRetentionDays).toBeNull();
  });

  it("removes A's 10-day-old attempts, payloads and B's 40-day-old ones in batches of at most RETENTION_BATCH_SIZE, keeping B's 10-day-old rows", async () => {
    const { publishEvent } = await a.client.request(PublishEventDocument, { input: { type: "order.created", data: { fresh: true } } });
    freshEventId = publishEvent.id;
    await eventually("the fresh event's attempt", async () => (await count("delivery_attempts WHERE event_id = $1", [freshEventId])) === 1);
    aOld = await seedOld(a, 10, 60, 2); // 120 attempts: three statements of at most 50
    bOld = await seedOld(b, 10, 60, 2);
    bAncient = await seedOld(b, 40, 15, 2); // past the service's 30 days
    await seedRejected(a, 40, 70);
    await seedRejected(a, 1, 3);
    expect(await attemptsOf(a)).toBe(121);

    const report = await runRetentionPass({ db, log }, SETTINGS);

    expect(report).not.toBeNull();
    expect(report!.attempts).toEqual({ rows: 150, statements: 4, largestBatch: BATCH }); // A: 50, 50, 20; B: 30
    expect(report!.payloads).toEqual({ rows: 75, statements: 3, largestBatch: BATCH }); // A: 50, 10; B: 15
    expect(report!.rejected).toEqual({ rows: 70, statements: 2, largestBatch: BATCH });
    expect(await attemptsOf(a)).toBe(1);
    expect(await attemptsOf(b)).toBe(120);
    expect(await expiredOf(a)).toBe(60);
    expect(await expiredOf(b)).toBe(15);
    expect(await rejectedOf(a)).toBe(3);
    expect(await count("events WHERE organization_id = $1 AND payload_expired_at IS NOT NULL AND length(payload) > 0", [a.id])).toBe(0);
    expect(await count("events WHERE id = ANY($1)", [[...aOld, ...bAncient]])).toBe(75); // the rows stay
    expect((await a.client.request(RetentionRejectedMessagesDocument)).rejectedMessages.edges).toHaveLength(3);
  });

  it("starts the next pass where the last one stopped: nothing is touched twice", async () => {
    const marks = await db.pool.query<{ id: string; mark: Date }>("SELECT id, payloads_expired_before AS mark FROM organizations");
    const mark = new Map(marks.rows.map((r) => [r.id, r.mark.getTime()]));
    // Each organization's next payload range starts at its last cutoff, not among the rows already expired.
    expect(Date.now() - 7 * DAY - mark.get(a.id)!).toBeLessThan(60_000);
    expect(Date.now() - 30 * DAY - mark.get(b.id)!).toBeLessThan(60_000);
    const report = await runRetentionPass({ db, log }, SETTINGS);
    expect(report!.attempts.rows + report!.payloads.rows + report!.rejected.rows).toBe(0);
  });

  it("shows an expired payload as payloadExpired with null payload and data, and its deleted attempts as gone", async () => {
    const expired = (await a.client.request(RetentionEventDocument, { id: aOld[0]! })).event;
    expect(expired).toMatchObject({ id: aOld[0], payloadExpired: true, payload: null, data: null });
    expect(expired.deliveries.edges[0]!.node.attempts.edges).toEqual([]);
    const kept = (await b.client.request(RetentionEventDocument, { id: bOld[0]! })).event;
    expect(kept).toMatchObject({ payloadExpired: false, data: { n: 1 } });
    expect(kept.deliveries.edges[0]!.node.attempts.edges).toHaveLength(2);
    const fresh = (await a.client.request(RetentionEventDocument, { id: freshEventId })).event;
    expect(fresh).toMatchObject({ payloadExpired: false, data: { fresh: true } });
  });

  it("refuses to redeliver an expired event with PAYLOAD_EXPIRED, and replay skips and counts those", async () => {
    const deliveryId = (await a.client.request(RetentionEventDocument, { id: aOld[0]! })).event.deliveries.edges[0]!.node.id;
    const err = await a.client.fail("PAYLOAD_EXPIRED", RetentionRedeliverDocument, { deliveryId });
    expect(err.message).toContain(aOld[0]);
    expect(err.extensions).toMatchObject({ eventId: aOld[0], expiredAt: expect.any(String) });
    expect(await count("deliveries WHERE id = $1 AND status = 'SUCCEEDED' AND run_trigger = 'INITIAL'", [deliveryId])).toBe(1);

    const since = new Date(Date.now() - 60 * DAY).toISOString();
    const { replayEvents } = await a.client.request(RetentionReplayDocument, { endpointId: endpoints.get(a.id)!, since });
    expect(replayEvents).toEqual({ count: 1, expired: 60 }); // only the fresh event goes again
    await stack.receiver.waitFor(() => stack.receiver.on(`/${a.id}`).length === 2);
    expect(stack.receiver.on(`/${a.id}`).every((r) => JSON.parse(r.body.toString()).id === freshEventId)).toBe(true);
  });

  it("owes nothing for an expired event published again under its id", async () => {
    // An event whose delivery was never written owes it when ingest sees the event again, unless its payload is gone.
    await db.pool.query("DELETE FROM deliveries WHERE organization_id = $1 AND event_id = $2", [a.id, aOld[1]]);
    await a.client.request(PublishEventDocument, { input: { id: aOld[1]!, type: "order.created", data: { again: true } } });
    const { publishEvent: marker } = await a.client.request(PublishEventDocument, { input: { type: "order.created", data: { marker: true } } });
    await stack.receiver.waitFor(() => stack.receiver.on(`/${a.id}`).some((r) => JSON.parse(r.body.toString()).id === marker.id));
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.receiver.on(`/${a.id}`).map((r) => JSON.parse(r.body.toString()).id)).toEqual([freshEventId, freshEventId, marker.id]);
    expect(await count("deliveries WHERE organization_id = $1 AND event_id = $2", [a.id, aOld[1]])).toBe(0);
    expect((await a.client.request(RetentionEventDocument, { id: aOld[1]! })).event).toMatchObject({ payloadExpired: true, payload: null });
  });

  it("runs one pass at a time: a worker that finds the lock taken does nothing", async () => {
    const other = connectDatabase(stack.servers.databaseUrl);
    try {
      await seedOld(a, 20, 100, 1);
      const holder = await other.pool.connect();
      await holder.query("SELECT pg_advisory_lock($1::int8)", [RETENTION_LOCK_KEY.toString()]);
      expect(await runRetentionPass({ db, log }, SETTINGS)).toBeNull();
      expect(await oldAttemptsOf(a)).toBe(100);
      await holder.query("SELECT pg_advisory_unlock($1::int8)", [RETENTION_LOCK_KEY.toString()]);
      holder.release();

      // Two workers at once: the pass takes several pauses, so the second asks while the first holds the lock.
      const slow = { ...SETTINGS, batchSize: 10, pauseMs: 50 };
      const [one, two] = await Promise.all([runRetentionPass({ db, log }, slow), runRetentionPass({ db: other, log }, slow)]);
      expect([one, two].filter((r) => r === null)).toHaveLength(1);
      expect((one ?? two)!.attempts).toMatchObject({ rows: 100, largestBatch: 10 });
      expect(await oldAttemptsOf(a)).toBe(0);
    } finally {
      await other.close();
    }
  });

  it("runs on its own in every worker that starts it, one pass at a time, and stops when the worker stops", async () => {
    const other = connectDatabase(stack.servers.databaseUrl);
    const jobs = [startRetention({ db, log }, SETTINGS, 1), startRetention({ db: other, log }, SETTINGS, 1)];
    try {
      await seedOld(a, 25, 80, 1);
      await eventually("the jobs to delete the new old attempts", async () => (await oldAttemptsOf(a)) === 0, 10_000);
    } finally {
      await Promise.all(jobs.map((j) => j.stop()));
      await other.close();
    }
    await seedOld(a, 26, 10, 1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await oldAttemptsOf(a)).toBe(10);
  });
});
