import type { ExecutionResult } from "graphql";
import { createSchema, createYoga } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import { BoundedQueue } from "../realtime/bounded-queue.ts";
import type { Context } from "./context.ts";
import { useSharedSubscriptionResults } from "./use-shared-subscription-results.ts";
import { useSlowSubscriberError } from "./use-slow-subscriber-error.ts";

interface Notice {
  id: string;
}

// One queue per subscriber fed the same notice objects, as the feeds in src/realtime are.
function harness() {
  const queues: BoundedQueue<Notice>[] = [];
  let closed = 0;
  let executions = 0;
  const schema = createSchema({
    typeDefs: /* GraphQL */ `
      type Query { ok: Boolean }
      type Notice { id: ID! execution: Int! failing: Int }
      type Subscription { notices(tag: String): Notice! }
    `,
    resolvers: {
      Subscription: {
        notices: {
          subscribe: () => {
            const queue = new BoundedQueue<Notice>(10, { onClose: () => void closed++ });
            queues.push(queue);
            return queue;
          },
          resolve: (notice: Notice) => notice,
        },
      },
      Notice: {
        execution: () => ++executions,
        failing: () => {
          throw new Error("connection to 10.0.0.7:5432 refused");
        },
      },
    },
  });
  const yoga = createYoga({ schema, maskedErrors: { isDev: false }, logging: false, plugins: [useSharedSubscriptionResults(), useSlowSubscriberError()] });

  async function subscribe(organizationId: string, query: string, variables?: Record<string, unknown>) {
    const { subscribe, parse, schema: s } = yoga.getEnveloped({} as never);
    const contextValue = { principal: { organizationId, apiKeyId: `key_${organizationId}` }, isAdmin: false } as Context;
    return (await subscribe({ schema: s, document: parse(query), variableValues: variables, contextValue })) as AsyncGenerator<ExecutionResult>;
  }

  return {
    subscribe,
    publish: (notice: Notice) => queues.forEach((q) => q.push([notice])),
    queues,
    executions: () => executions,
    closed: () => closed,
  };
}

const next = async (sub: AsyncGenerator<ExecutionResult>) => (await sub.next()).value as ExecutionResult;

describe("useSharedSubscriptionResults", () => {
  it("executes a notice once per shape and gives every subscriber of that shape the same result", async () => {
    const h = harness();
    const query = "subscription ($tag: String) { notices(tag: $tag) { id execution } }";
    const sameShape = await Promise.all([h.subscribe("org_a", query), h.subscribe("org_a", query), h.subscribe("org_a", query)]);
    const otherOrg = await h.subscribe("org_b", query);
    const otherVariables = await h.subscribe("org_a", query, { tag: "x" });
    const otherDocument = await h.subscribe("org_a", "subscription { notices { id } }");

    h.publish({ id: "att_1" });
    const results = await Promise.all([...sameShape, otherOrg, otherVariables, otherDocument].map(next));

    expect(h.executions()).toBe(3);
    expect(results[1]).toBe(results[0]);
    expect(results[2]).toBe(results[0]);
    expect(new Set([results[0], results[3], results[4]]).size).toBe(3);
    expect(results.map((r) => (r.data?.notices as Notice | undefined)?.id)).toEqual(Array(6).fill("att_1"));

    h.publish({ id: "att_2" });
    await Promise.all(sameShape.map(next));
    expect(h.executions()).toBe(4);
  });

  it("executes notices that are not the same object separately (replayed rows)", async () => {
    const h = harness();
    const query = "subscription { notices { execution } }";
    const subs = await Promise.all([h.subscribe("org_a", query), h.subscribe("org_a", query)]);
    h.queues[0]!.push([{ id: "att_1" }]);
    h.queues[1]!.push([{ id: "att_1" }]);
    const [a, b] = await Promise.all(subs.map(next));
    expect([a!.data?.notices, b!.data?.notices]).toEqual([{ execution: 1 }, { execution: 2 }]);
  });

  it("still masks unexpected errors for each subscriber", async () => {
    const h = harness();
    const subs = await Promise.all([
      h.subscribe("org_a", "subscription { notices { id failing } }"),
      h.subscribe("org_a", "subscription { notices { id failing } }"),
    ]);
    h.publish({ id: "att_1" });
    for (const result of await Promise.all(subs.map(next))) {
      expect(result.data).toEqual({ notices: { id: "att_1", failing: null } });
      expect(result.errors?.map((e) => e.message)).toEqual(["Unexpected error."]);
    }
  });

  it("ends a subscriber's source at once when it leaves, even while it waits for a notice", async () => {
    const h = harness();
    const sub = await h.subscribe("org_a", "subscription { notices { id } }");
    const waiting = sub.next();
    await sub.return(undefined);
    expect(h.closed()).toBe(1);
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });

  it("ends a subscriber cut off as too slow with SUBSCRIBER_TOO_SLOW, and only that one", async () => {
    const h = harness();
    const query = "subscription { notices { id } }";
    const [slow, fine] = await Promise.all([h.subscribe("org_a", query), h.subscribe("org_a", query)]);
    // One more than its queue's limit of 10 arrives while it reads nothing.
    for (let i = 0; i <= 10; i++) h.queues[0]!.push([{ id: `att_${i}` }]);
    const error = await slow.next().catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: expect.stringMatching(/too slow.*resubscribe with `after` to resume/),
      extensions: { code: "SUBSCRIBER_TOO_SLOW", limit: 10 },
    });
    h.publish({ id: "att_11" });
    expect((await next(fine)).data).toEqual({ notices: { id: "att_11" } });
  });

  it("still masks any other failure of a subscriber's source", async () => {
    const h = harness();
    const sub = await h.subscribe("org_a", "subscription { notices { id } }");
    h.queues[0]!.fail(new Error("connection to 10.0.0.7:5432 refused"));
    const error = (await sub.next().catch((e: unknown) => e)) as Error & { extensions?: Record<string, unknown> };
    expect(error.message).toBe("Unexpected error.");
    expect(error.extensions?.code).not.toBe("SUBSCRIBER_TOO_SLOW");
    expect(JSON.stringify(error)).not.toContain("10.0.0.7");
  });

  it("answers errors of the subscribe step (e.g. NOT_FOUND) as a result, without a stream", async () => {
    const h = harness();
    const result = (await h.subscribe("org_a", "subscription ($tag: String!) { notices(tag: $tag) { id } }")) as unknown as ExecutionResult;
    expect(result.errors?.[0]?.message).toMatch(/\$tag/);
  });
});
