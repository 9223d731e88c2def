import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { AttemptNotice, DeliveryNotice } from "../realtime/topics.ts";
import { type AttemptRecord, deliveryNotice, recordAttempts } from "./deliveries.ts";

// recordAttempts against a fake pool: each statement's parameters line up with its values,
// and what it announces follows from what it wrote (Postgres itself is in the integration tests).

const highestParam = (text: string) => Math.max(...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));

function fakePool(answers: unknown[][]) {
  const statements: { text: string; values: unknown[] }[] = [];
  const pool = {
    query: async (q: string | { text: string; values: unknown[] }, values?: unknown[]) => {
      const s = typeof q === "string" ? { text: q, values: values ?? [] } : q;
      statements.push(s);
      return { rows: answers[statements.length - 1] ?? [] };
    },
  } as unknown as pg.Pool;
  return { pool, statements };
}

function announcer() {
  const heard = { attempts: [] as AttemptNotice[], deliveries: [] as DeliveryNotice[] };
  return { heard, announce: { attempt: (n: AttemptNotice) => heard.attempts.push(n), delivery: (n: DeliveryNotice) => heard.deliveries.push(n) } };
}

const ids = (id: string) => ({ deliveryId: id, runId: id, organizationId: "org_1", endpointId: `ep_${id}`, eventId: "evt_1" });
const attempt = (succeeded: boolean): AttemptRecord["attempt"] => ({
  attemptNumber: 1,
  runAttempts: 1,
  trigger: "INITIAL",
  responseStatus: succeeded ? 200 : 500,
  responseBody: null,
  error: null,
  errorMessage: null,
  durationMs: 3,
  succeeded,
});

describe("recordAttempts", () => {
  it("binds one value per parameter and announces births and status changes, not a PENDING row that stays PENDING", async () => {
    const created = new Date("2026-01-01T00:00:00Z");
    const { pool, statements } = fakePool([
      [
        { id: "born", inserted: true },
        { id: "settled", inserted: false, attempt_count: 2, event_type: "a.b", created_at: created, last_attempt_at: created },
        { id: "retrying", inserted: false, attempt_count: 2, event_type: "a.b", created_at: created, last_attempt_at: created },
      ],
    ]);
    const { heard, announce } = announcer();
    const outcomes: AttemptRecord[] = [
      { ...ids("born"), attempt: attempt(false), status: "PENDING", nextAttemptAt: new Date(), planned: { eventType: "a.b", writtenEarly: false } },
      { ...ids("settled"), attempt: attempt(true), status: "SUCCEEDED", nextAttemptAt: null },
      { ...ids("retrying"), attempt: attempt(false), status: "PENDING", nextAttemptAt: new Date() },
    ];
    const recorded = await recordAttempts({ pool, announce }, outcomes, 0);
    // Some attempt failed, so the auto-disable statement ran too (and disabled nothing).
    expect(statements).toHaveLength(2);
    expect(highestParam(statements[0]!.text)).toBe(statements[0]!.values.length);
    expect(recorded).toEqual({ disabledEndpoints: [], movedLines: [] });
    expect(heard.attempts.map((a) => a.deliveryId)).toEqual(["born", "settled", "retrying"]);
    expect(heard.deliveries.map((d) => [d.id, d.status])).toEqual([
      ["born", "PENDING"],
      ["settled", "SUCCEEDED"],
    ]);
  });

  it("after a failure, disables endpoints failing too long and announces the deliveries it cancelled", async () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const cancelled = { id: "dlv_9", organizationId: "org_1", endpointId: "ep_x", eventId: "evt_9", eventType: "a.b", status: "CANCELLED" as const };
    const row = { ...cancelled, attemptCount: 0, nextAttemptAt: null, lastAttemptAt: null, createdAt: at, updatedAt: at };
    const { pool, statements } = fakePool([[], [{ disabledId: "ep_x", disabledReason: "every delivery attempt failed for 1 hours", ...row }]]);
    const { heard, announce } = announcer();
    const recorded = await recordAttempts({ pool, announce }, [{ ...ids("x"), attempt: attempt(false), status: "PENDING", nextAttemptAt: new Date() }], 1);
    expect(statements).toHaveLength(2);
    expect(highestParam(statements[1]!.text)).toBe(statements[1]!.values.length);
    expect(recorded.disabledEndpoints).toEqual([{ id: "ep_x", reason: "every delivery attempt failed for 1 hours" }]);
    expect(heard.deliveries).toEqual([deliveryNotice(row)]);
  });

  it("disables at once an endpoint whose receiver asked to stop, even beside a success, with the reason given", async () => {
    const gone = "receiver answered 410 Gone";
    const { pool, statements } = fakePool([[], [{ disabledId: "ep_x", disabledReason: gone, id: null }]]);
    const { announce } = announcer();
    const recorded = await recordAttempts(
      { pool, announce },
      [
        { ...ids("x"), attempt: attempt(true), status: "SUCCEEDED", nextAttemptAt: null },
        { ...ids("x"), deliveryId: "y", attempt: attempt(false), status: "FAILED", nextAttemptAt: null, disableEndpoint: gone },
      ],
      120,
    );
    expect(statements).toHaveLength(2);
    // Not failing (a success ends its streak), so only the stop request can disable it.
    expect(statements[1]!.values[0]).toEqual([]);
    expect(statements[1]!.values.slice(4)).toEqual([["ep_x"], [gone]]);
    expect(highestParam(statements[1]!.text)).toBe(statements[1]!.values.length);
    expect(recorded.disabledEndpoints).toEqual([{ id: "ep_x", reason: gone }]);
  });

  it("runs no disable statement when every attempt succeeded and no receiver asked to stop", async () => {
    const { pool, statements } = fakePool([[]]);
    const { announce } = announcer();
    await recordAttempts({ pool, announce }, [{ ...ids("x"), attempt: attempt(true), status: "SUCCEEDED", nextAttemptAt: null }], 1);
    expect(statements).toHaveLength(1);
  });
});

describe("deliveryNotice", () => {
  it("carries a row's dates as ISO strings, and its nulls", () => {
    const at = new Date("2026-01-02T03:04:05.006Z");
    const row = { id: "d", organizationId: "o", endpointId: "e", eventId: "v", eventType: "t", status: "PENDING" as const, attemptCount: 0 };
    expect(deliveryNotice({ ...row, nextAttemptAt: null, lastAttemptAt: null, createdAt: at, updatedAt: at })).toEqual({
      ...row,
      nextAttemptAt: null,
      lastAttemptAt: null,
      createdAt: "2026-01-02T03:04:05.006Z",
      updatedAt: "2026-01-02T03:04:05.006Z",
    });
  });
});
