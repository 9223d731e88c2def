import { describe, expect, it } from "vitest";
import { createRealtimeBus } from "./pubsub.ts";
import { attemptTopic, type AttemptNotice } from "./topics.ts";

const notice = (id: string, organizationId: string): AttemptNotice => ({
  id,
  deliveryId: "dlv_1",
  organizationId,
  endpointId: "ep_1",
  eventId: "evt_1",
  attemptNumber: 1,
  trigger: "INITIAL",
  responseStatus: 200,
  responseBody: null,
  error: null,
  errorMessage: null,
  durationMs: 1,
  createdAt: new Date(0).toISOString(),
});
const nextTurn = () => new Promise((r) => setImmediate(r));

describe("the in-process realtime bus (no REDIS_URL)", () => {
  it("sends the notices of one turn as one message per organization, in order, until unsubscribed", async () => {
    const bus = createRealtimeBus(undefined);
    const heard: string[][] = [];
    const stop = bus.listen(attemptTopic("org_a"), (notices) => heard.push(notices.map((n) => n.id)));
    bus.announce.attempt(notice("att_1", "org_a"));
    bus.announce.attempt(notice("att_x", "org_b"));
    bus.announce.attempt(notice("att_2", "org_a"));
    await nextTurn();
    expect(heard).toEqual([["att_1", "att_2"]]);
    stop();
    bus.announce.attempt(notice("att_3", "org_a"));
    await nextTurn();
    expect(heard).toHaveLength(1);
    await bus.close();
  });
});
