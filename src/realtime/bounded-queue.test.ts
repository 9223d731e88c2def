import { describe, expect, it } from "vitest";
import { BoundedQueue, SlowConsumerError } from "./bounded-queue.ts";

describe("BoundedQueue", () => {
  it("hands items over in order, to a waiting reader or from its buffer", async () => {
    const q = new BoundedQueue<number>(10);
    const first = q.next();
    q.push(1);
    q.push(2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
  });

  it("cuts off a reader that falls more than `limit` behind, once, and says why", async () => {
    let slow = 0;
    let closed = 0;
    const q = new BoundedQueue<number>(3, { onSlowConsumer: () => slow++, onClose: () => closed++ });
    expect([1, 2, 3].map((n) => q.push(n))).toEqual([true, true, true]);
    expect(q.push(4)).toBe(false);
    expect(q.push(5)).toBe(false);
    await expect(q.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(slow).toBe(1);
    expect(closed).toBe(1);
  });

  it("ends cleanly on return() and refuses later pushes", async () => {
    let closed = 0;
    const q = new BoundedQueue<number>(3, { onClose: () => closed++ });
    const pending = q.next();
    await q.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(q.push(1)).toBe(false);
    expect(closed).toBe(1);
  });
});
