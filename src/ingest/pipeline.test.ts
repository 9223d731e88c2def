import { describe, expect, it } from "vitest";
import type { Verdict } from "../delivery/deliverer.ts";
import type { DeliveryJob } from "../nats/delivery-jobs.ts";
import { followUp } from "./pipeline.ts";

const job = (id: string): DeliveryJob => ({
  deliveryId: id,
  organizationId: "org_1",
  endpointId: `ep_${id}`,
  eventId: "evt_1",
  eventType: "a.b",
  runId: id,
  body: new Uint8Array(),
});

const NOW = 1_000_000;
const done: Verdict = { kind: "done" };
const retry: Verdict = { kind: "later", delayMs: 5_000, recorded: true };
const putBack: Verdict = { kind: "later", delayMs: 200, recorded: false };
const unrecorded: Verdict = { kind: "unrecorded" };

describe("followUp", () => {
  it.each<[string, Verdict[], DeliveryJob[], { jobs: string[]; notBefore: (number | undefined)[]; unwritten: string[] } | "redeliver"]>([
    ["all settled: nothing to publish", [done, done], [], { jobs: [], notBefore: [], unwritten: [] }],
    ["resumed jobs go first, as they are", [done], [job("r")], { jobs: ["r"], notBefore: [undefined], unwritten: [] }],
    ["a retry: its job is due after its delay, its row written by the outcome", [retry, done], [], { jobs: ["a"], notBefore: [NOW + 5_000], unwritten: [] }],
    ["a put-back: its row must be written before its job", [done, putBack], [], { jobs: ["b"], notBefore: [NOW + 200], unwritten: ["b"] }],
    ["an unrecorded outcome: the event comes back", [done, unrecorded], [job("r")], "redeliver"],
  ])("%s", (_name, verdicts, publish, expected) => {
    const next = followUp({ deliver: [job("a"), job("b")], publish: [...publish] }, verdicts, NOW);
    if (expected === "redeliver") return expect(next).toEqual({ kind: "redeliver" });
    if (next.kind !== "publish") throw new Error("expected jobs to publish");
    expect(next.jobs.map((j) => j.deliveryId)).toEqual(expected.jobs);
    expect(next.jobs.map((j) => j.notBefore)).toEqual(expected.notBefore);
    expect(next.unwritten.map((j) => j.deliveryId)).toEqual(expected.unwritten);
  });
});
