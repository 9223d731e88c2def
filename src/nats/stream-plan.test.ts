import { RetentionPolicy, StorageType, type StreamConfig } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { planStreamUpdate } from "./stream-plan.ts";

const existing = (over: Partial<StreamConfig> = {}): StreamConfig =>
  ({
    name: "EVENTS",
    subjects: ["events.>"],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: 1,
    max_msg_size: 1024,
    duplicate_window: 600_000_000_000,
    ...over,
  }) as StreamConfig;

const wanted = (over: Partial<StreamConfig> = {}): Partial<StreamConfig> => ({
  subjects: ["events.>"],
  retention: RetentionPolicy.Workqueue,
  storage: StorageType.File,
  num_replicas: 1,
  max_msg_size: 1024,
  duplicate_window: 600_000_000_000,
  ...over,
});

describe("planStreamUpdate", () => {
  it.each<[string, Partial<StreamConfig>, Partial<StreamConfig>, Partial<StreamConfig> | undefined, RegExp[]]>([
    ["nothing to do", {}, {}, undefined, []],
    ["scales an R1 stream up to R3 in place", {}, { num_replicas: 3 }, { num_replicas: 3 }, []],
    ["keeps more replicas than asked, and says so", { num_replicas: 5 }, { num_replicas: 3 }, undefined, [/has 5 replicas.*kept at 5/]],
    ["never changes storage, and says what to set", { storage: StorageType.Memory }, {}, undefined, [/NATS_STREAM_STORAGE=memory/]],
    ["reports a retention it cannot change", { retention: RetentionPolicy.Limits }, {}, undefined, [/retention limits/]],
    [
      "keeps an operator's placement tags",
      { placement: { cluster: "", tags: ["ssd"] } },
      { placement: { cluster: "", tags: ["az1"] } },
      undefined,
      [/NATS_STREAM_TAGS/],
    ],
    [
      "accepts the same tags in another order",
      { placement: { cluster: "", tags: ["a", "b"] } },
      { placement: { cluster: "", tags: ["b", "a"] } },
      undefined,
      [],
    ],
    ["updates what Herald owns", { max_msg_size: 10 }, { subjects: ["events.>"] }, { max_msg_size: 1024 }, []],
    ["scales up and reports storage together", { storage: StorageType.Memory }, { num_replicas: 3 }, { num_replicas: 3 }, [/memory storage/]],
  ])("%s", (_name, have, want, update, conflicts) => {
    const plan = planStreamUpdate("EVENTS", existing(have), wanted(want));
    expect(plan.update).toEqual(update);
    expect(plan.conflicts).toHaveLength(conflicts.length);
    conflicts.forEach((re, i) => expect(plan.conflicts[i]).toMatch(re));
  });
});
